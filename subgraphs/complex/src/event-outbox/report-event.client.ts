// The client of the subdistrict's `reportEvent` lives in the kit (partners raise grid events the same way).
export { reportEventOverHttp, type GridEventReport, type ReportEvent, type HttpReportEventOptions } from '@gridhub/kit';
