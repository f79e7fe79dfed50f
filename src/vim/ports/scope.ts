/**
 * What every port shares: the project a call acts in, the filters every list accepts, and the key
 * a create's idempotency tag is stored under (driver.ts explains the tag rule).
 */

/**
 * The metadata / property key a driver stores a create's `tag` under. `createServerImage` takes
 * no `tag`: the caller puts `{ [vimTagKey]: tag }` in its `metadata`, which become image properties.
 */
export const vimTagKey = 'vnfm_tag';

/** The project a call acts in; undefined means the connector's own project. */
export interface Scope {
  projectId?: string;
}

/** Filters every list accepts; drivers apply what the VIM can and filter the rest locally. */
export interface ListFilter {
  tag?: string;
  name?: string;
  ids?: string[];
  /**
   * ISO time: only resources changed since (Nova `changes-since`). Servers deleted since are
   * listed too, with status `DELETED` (Nova's behaviour, captured on Zed).
   */
  changesSince?: string;
}
