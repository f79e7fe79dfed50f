/**
 * The liveness KPI and rules a monitored deployment carries (IMPL-2): an `ICMPPing` KPI named
 * VM_ALIVE on nicid 0, polled every `pollSecs`, and one admin rule on it with `actions`
 * (`FALSE recover autohealing`, …). Shared by the emulator's and the real cloud's recovery suites.
 */
export function livenessKpi(o: { pollSecs: number; actions: string[] }): string {
  return `<kpi_data><kpi><event_name>VM_ALIVE</event_name><metric_value>1</metric_value><metric_cond>GT</metric_cond>
      <metric_type>UINT32</metric_type><metric_collector><type>ICMPPing</type><nicid>0</nicid><poll_frequency>${o.pollSecs}</poll_frequency>
      <polling_unit>seconds</polling_unit><continuous_alarm>false</continuous_alarm></metric_collector></kpi></kpi_data>
    <rules><admin_rules><rule><event_name>VM_ALIVE</event_name>${o.actions.map((a) => `<action>${a}</action>`).join('')}</rule></admin_rules></rules>`;
}
