export { sqlTime, fromSqlTime } from '@gridhub/kit';
