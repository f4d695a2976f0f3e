/**
 * The osu! country index table carried in the presence byte (shared/spec/bancho-protocol.md
 * §1.8; identical in proto and bpy). Index → ISO-3166 alpha-2; 0 and 244 are both "XX"
 * (unknown), 245 "A2" is the satellite-provider code servers use for bots.
 */

/** Index → code; position = osu! country index. */
export const COUNTRY_CODES: readonly string[] = Object.freeze([
  'XX', 'OC', 'EU', 'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AN', 'AO', 'AQ', 'AR', 'AS', 'AT',
  'AU', 'AW', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BM', 'BN', 'BO', 'BR',
  'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM',
  'CN', 'CO', 'CR', 'CU', 'CV', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE',
  'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'FX', 'GA', 'GB', 'GD', 'GE',
  'GF', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM',
  'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JM', 'JO', 'JP',
  'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK',
  'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO',
  'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NF', 'NG',
  'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM',
  'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE',
  'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'ST', 'SV', 'SY', 'SZ', 'TC', 'TD',
  'TF', 'TG', 'TH', 'TJ', 'TK', 'TM', 'TN', 'TO', 'TL', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG',
  'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'RS',
  'ZA', 'ZM', 'ME', 'ZW', 'XX', 'A2', 'O1', 'AX', 'GG', 'IM', 'JE', 'BL', 'MF',
]);

const INDEX_BY_CODE = new Map<string, number>();
for (let i = COUNTRY_CODES.length - 1; i >= 1; i--) INDEX_BY_CODE.set(COUNTRY_CODES[i]!, i);
// "XX" appears at 0 and 244; unknown is 0, so the reverse lookup maps XX to 0.
INDEX_BY_CODE.set('XX', 0);

/** osu! country index of an ISO alpha-2 code (case-insensitive); unknown or malformed → 0. */
export function countryIndex(code: string): number {
  if (typeof code !== 'string' || code.length !== 2) return 0;
  return INDEX_BY_CODE.get(code.toUpperCase()) ?? 0;
}

/** ISO alpha-2 code of an osu! country index; out of range or non-integer → 'XX'. */
export function countryCode(index: number): string {
  return (Number.isInteger(index) ? COUNTRY_CODES[index] : undefined) ?? 'XX';
}
