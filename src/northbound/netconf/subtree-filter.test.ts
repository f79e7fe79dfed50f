import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml, type XmlNode } from '../../xml/parse.ts';
import { XmlWriter } from '../../xml/writer.ts';
import { filterSubtree } from './subtree-filter.ts';
import { writeNode } from './xml-tree.ts';
import { xpathToSubtree } from './xpath-select.ts';

const data = parseXml(`<top xmlns="http://www.cisco.com/esc/esc">
  <tenants>
    <tenant><name>a</name><description>first</description><deployments><deployment_name>d1</deployment_name><state>UP</state></deployments><deployments><deployment_name>d2</deployment_name><state>DOWN</state></deployments></tenant>
    <tenant><name>b</name><deployments><deployment_name>d3</deployment_name><state>UP</state></deployments></tenant>
  </tenants>
  <version>1</version>
</top>`);

/** The filtered data as compact XML (one line, no indentation), or '' for nothing. */
function filtered(filter: string | XmlNode[]): string {
  const nodes = typeof filter === 'string' ? parseXml(`<filter>${filter}</filter>`).children : filter;
  return filterSubtree([data], nodes)
    .map((n) => {
      const w = new XmlWriter();
      writeNode(w, n);
      return w.toString().replace(/\n\s*/g, '');
    })
    .join('');
}

const ns = 'xmlns="http://www.cisco.com/esc/esc"';

test('RFC 6241 §6 subtree filtering, case by case', () => {
  const cases: [string, string, string][] = [
    ['a selection node takes the node whole', `<top ${ns}><version/></top>`, `<top ${ns}><version>1</version></top>`],
    ['no filter children: nothing', '', ''],
    ['another top-level name: nothing', '<other/>', ''],
    ['another namespace: nothing', '<top xmlns="urn:other"/>', ''],
    ['no namespace matches any', '<top><version/></top>', `<top ${ns}><version>1</version></top>`],
    ['NETCONF base namespace (inherited from rpc) matches any', '<top xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><version/></top>', `<top ${ns}><version>1</version></top>`],
    [
      'content match alone selects the entry whole',
      '<top><tenants><tenant><name>b</name></tenant></tenants></top>',
      `<top ${ns}><tenants><tenant><name>b</name><deployments><deployment_name>d3</deployment_name><state>UP</state></deployments></tenant></tenants></top>`,
    ],
    [
      'content match beside a selection keeps the key and the selected leaf',
      '<top><tenants><tenant><name>a</name><description/></tenant></tenants></top>',
      `<top ${ns}><tenants><tenant><name>a</name><description>first</description></tenant></tenants></top>`,
    ],
    [
      'nested keys select one list entry',
      '<top><tenants><tenant><name>a</name><deployments><deployment_name>d2</deployment_name><state/></deployments></tenant></tenants></top>',
      `<top ${ns}><tenants><tenant><name>a</name><deployments><deployment_name>d2</deployment_name><state>DOWN</state></deployments></tenant></tenants></top>`,
    ],
    ['a key that matches nothing: nothing', '<top><tenants><tenant><name>zz</name></tenant></tenants></top>', ''],
    ['an entry whose selection is absent: nothing, not just its key', '<top><tenants><tenant><name>b</name><description/></tenant></tenants></top>', ''],
    [
      'two entries of one list asked for: both, in data order',
      '<top><tenants><tenant><name>b</name><deployments/></tenant><tenant><name>a</name><description/></tenant></tenants></top>',
      `<top ${ns}><tenants><tenant><name>a</name><description>first</description></tenant><tenant><name>b</name><deployments><deployment_name>d3</deployment_name><state>UP</state></deployments></tenant></tenants></top>`,
    ],
    [
      'a content match on a non-key leaf',
      '<top><tenants><tenant><deployments><state>UP</state><deployment_name/></deployments></tenant></tenants></top>',
      `<top ${ns}><tenants><tenant><deployments><deployment_name>d1</deployment_name><state>UP</state></deployments></tenant><tenant><deployments><deployment_name>d3</deployment_name><state>UP</state></deployments></tenant></tenants></top>`,
    ],
  ];
  for (const [why, filter, expected] of cases) assert.equal(filtered(filter), expected, why);
});

test('an XPath select path means the subtree filter of its steps and predicates', () => {
  assert.equal(
    filtered(xpathToSubtree("/esc:top/tenants/tenant[name='a']/deployments[deployment_name=\"d1\"]/state")),
    `<top ${ns}><tenants><tenant><name>a</name><deployments><deployment_name>d1</deployment_name><state>UP</state></deployments></tenant></tenants></top>`,
  );
  assert.equal(filtered(xpathToSubtree("/top/tenants/tenant[name='b']")), filtered('<top><tenants><tenant><name>b</name></tenant></tenants></top>'));
  assert.equal(filtered(xpathToSubtree('/top/version')), `<top ${ns}><version>1</version></top>`);
  assert.equal(filtered(xpathToSubtree("/top/tenants/tenant[name='a'][description='first']/name")), `<top ${ns}><tenants><tenant><name>a</name><description>first</description></tenant></tenants></top>`);
});

test('XPath beyond absolute paths with key predicates is refused, naming the supported form', () => {
  for (const select of ['//state', 'top/version', '/top/*', "/top/tenants/tenant[name!='a']", '/top | /other', '', '/top/tenants/tenant[1]']) {
    assert.throws(() => xpathToSubtree(select), /is not supported: use an absolute path of element names with \[leaf='value'\] predicates/, select);
  }
});
