/**
 * The columns a query selects and the result readers read back: one table,
 * so the SQL and the readers cannot drift apart. Each is named after the
 * CloudTrail record field it fills.
 */

/** How a column's text becomes a record value. */
export type ColumnKind =
  /** Plain text. */
  | 'text'
  /** JSON text of an object (requestParameters, responseElements). */
  | 'json'
  /** The userIdentity struct: Athena struct text or JSON. */
  | 'identity';

/** One selected column. */
export interface ResultColumn {
  /** CloudTrail record field name, also the column alias. */
  readonly field: string;
  /** Column of the Athena CloudTrail table (lower case, as AWS's DDL names it). */
  readonly athena: string;
  /** Column of a CloudTrail Lake event data store. */
  readonly lake: string;
  readonly kind: ColumnKind;
}

/** Every column the replay needs, in select order. */
export const RESULT_COLUMNS: readonly ResultColumn[] = [
  { field: 'eventID', athena: 'eventid', lake: 'eventID', kind: 'text' },
  { field: 'eventTime', athena: 'eventtime', lake: 'eventTime', kind: 'text' },
  { field: 'eventSource', athena: 'eventsource', lake: 'eventSource', kind: 'text' },
  { field: 'eventName', athena: 'eventname', lake: 'eventName', kind: 'text' },
  { field: 'awsRegion', athena: 'awsregion', lake: 'awsRegion', kind: 'text' },
  { field: 'userIdentity', athena: 'useridentity', lake: 'userIdentity', kind: 'identity' },
  { field: 'sourceIPAddress', athena: 'sourceipaddress', lake: 'sourceIPAddress', kind: 'text' },
  { field: 'userAgent', athena: 'useragent', lake: 'userAgent', kind: 'text' },
  { field: 'errorCode', athena: 'errorcode', lake: 'errorCode', kind: 'text' },
  { field: 'errorMessage', athena: 'errormessage', lake: 'errorMessage', kind: 'text' },
  { field: 'requestParameters', athena: 'requestparameters', lake: 'requestParameters', kind: 'json' },
  { field: 'responseElements', athena: 'responseelements', lake: 'responseElements', kind: 'json' },
  { field: 'requestID', athena: 'requestid', lake: 'requestID', kind: 'text' },
  { field: 'recipientAccountId', athena: 'recipientaccountid', lake: 'recipientAccountId', kind: 'text' },
];

/** The column whose field name equals `name` ignoring case, if any. */
export function columnByName(name: string): ResultColumn | undefined {
  const lower = name.trim().toLowerCase();
  return RESULT_COLUMNS.find((c) => c.field.toLowerCase() === lower);
}
