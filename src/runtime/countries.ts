// ISO 3166-1 country table (alpha-2, alpha-3, numeric, English short name) for
// converting between the unified API's alpha-2 codes and providers' country fields.
// Source standard: ISO 3166-1 (all 249 officially assigned codes; user-assigned codes such as XK are excluded).

/** One ISO 3166-1 entry. */
export interface Country {
  alpha2: string;
  alpha3: string;
  numeric: number;
  name: string;
}

type Row = readonly [alpha2: string, alpha3: string, numeric: number, name: string];

// Numeric codes are plain numbers; ISO writes them as three digits (e.g. 004), which
// callers pad themselves when a provider wants the zero-padded form.
const rows: readonly Row[] = [
  ['AD', 'AND', 20, 'Andorra'],
  ['AE', 'ARE', 784, 'United Arab Emirates'],
  ['AF', 'AFG', 4, 'Afghanistan'],
  ['AG', 'ATG', 28, 'Antigua and Barbuda'],
  ['AI', 'AIA', 660, 'Anguilla'],
  ['AL', 'ALB', 8, 'Albania'],
  ['AM', 'ARM', 51, 'Armenia'],
  ['AO', 'AGO', 24, 'Angola'],
  ['AQ', 'ATA', 10, 'Antarctica'],
  ['AR', 'ARG', 32, 'Argentina'],
  ['AS', 'ASM', 16, 'American Samoa'],
  ['AT', 'AUT', 40, 'Austria'],
  ['AU', 'AUS', 36, 'Australia'],
  ['AW', 'ABW', 533, 'Aruba'],
  ['AX', 'ALA', 248, 'Åland Islands'],
  ['AZ', 'AZE', 31, 'Azerbaijan'],
  ['BA', 'BIH', 70, 'Bosnia and Herzegovina'],
  ['BB', 'BRB', 52, 'Barbados'],
  ['BD', 'BGD', 50, 'Bangladesh'],
  ['BE', 'BEL', 56, 'Belgium'],
  ['BF', 'BFA', 854, 'Burkina Faso'],
  ['BG', 'BGR', 100, 'Bulgaria'],
  ['BH', 'BHR', 48, 'Bahrain'],
  ['BI', 'BDI', 108, 'Burundi'],
  ['BJ', 'BEN', 204, 'Benin'],
  ['BL', 'BLM', 652, 'Saint Barthélemy'],
  ['BM', 'BMU', 60, 'Bermuda'],
  ['BN', 'BRN', 96, 'Brunei Darussalam'],
  ['BO', 'BOL', 68, 'Bolivia (Plurinational State of)'],
  ['BQ', 'BES', 535, 'Bonaire, Sint Eustatius and Saba'],
  ['BR', 'BRA', 76, 'Brazil'],
  ['BS', 'BHS', 44, 'Bahamas'],
  ['BT', 'BTN', 64, 'Bhutan'],
  ['BV', 'BVT', 74, 'Bouvet Island'],
  ['BW', 'BWA', 72, 'Botswana'],
  ['BY', 'BLR', 112, 'Belarus'],
  ['BZ', 'BLZ', 84, 'Belize'],
  ['CA', 'CAN', 124, 'Canada'],
  ['CC', 'CCK', 166, 'Cocos (Keeling) Islands'],
  ['CD', 'COD', 180, 'Congo, Democratic Republic of the'],
  ['CF', 'CAF', 140, 'Central African Republic'],
  ['CG', 'COG', 178, 'Congo'],
  ['CH', 'CHE', 756, 'Switzerland'],
  ['CI', 'CIV', 384, "Côte d'Ivoire"],
  ['CK', 'COK', 184, 'Cook Islands'],
  ['CL', 'CHL', 152, 'Chile'],
  ['CM', 'CMR', 120, 'Cameroon'],
  ['CN', 'CHN', 156, 'China'],
  ['CO', 'COL', 170, 'Colombia'],
  ['CR', 'CRI', 188, 'Costa Rica'],
  ['CU', 'CUB', 192, 'Cuba'],
  ['CV', 'CPV', 132, 'Cabo Verde'],
  ['CW', 'CUW', 531, 'Curaçao'],
  ['CX', 'CXR', 162, 'Christmas Island'],
  ['CY', 'CYP', 196, 'Cyprus'],
  ['CZ', 'CZE', 203, 'Czechia'],
  ['DE', 'DEU', 276, 'Germany'],
  ['DJ', 'DJI', 262, 'Djibouti'],
  ['DK', 'DNK', 208, 'Denmark'],
  ['DM', 'DMA', 212, 'Dominica'],
  ['DO', 'DOM', 214, 'Dominican Republic'],
  ['DZ', 'DZA', 12, 'Algeria'],
  ['EC', 'ECU', 218, 'Ecuador'],
  ['EE', 'EST', 233, 'Estonia'],
  ['EG', 'EGY', 818, 'Egypt'],
  ['EH', 'ESH', 732, 'Western Sahara'],
  ['ER', 'ERI', 232, 'Eritrea'],
  ['ES', 'ESP', 724, 'Spain'],
  ['ET', 'ETH', 231, 'Ethiopia'],
  ['FI', 'FIN', 246, 'Finland'],
  ['FJ', 'FJI', 242, 'Fiji'],
  ['FK', 'FLK', 238, 'Falkland Islands (Malvinas)'],
  ['FM', 'FSM', 583, 'Micronesia (Federated States of)'],
  ['FO', 'FRO', 234, 'Faroe Islands'],
  ['FR', 'FRA', 250, 'France'],
  ['GA', 'GAB', 266, 'Gabon'],
  ['GB', 'GBR', 826, 'United Kingdom of Great Britain and Northern Ireland'],
  ['GD', 'GRD', 308, 'Grenada'],
  ['GE', 'GEO', 268, 'Georgia'],
  ['GF', 'GUF', 254, 'French Guiana'],
  ['GG', 'GGY', 831, 'Guernsey'],
  ['GH', 'GHA', 288, 'Ghana'],
  ['GI', 'GIB', 292, 'Gibraltar'],
  ['GL', 'GRL', 304, 'Greenland'],
  ['GM', 'GMB', 270, 'Gambia'],
  ['GN', 'GIN', 324, 'Guinea'],
  ['GP', 'GLP', 312, 'Guadeloupe'],
  ['GQ', 'GNQ', 226, 'Equatorial Guinea'],
  ['GR', 'GRC', 300, 'Greece'],
  ['GS', 'SGS', 239, 'South Georgia and the South Sandwich Islands'],
  ['GT', 'GTM', 320, 'Guatemala'],
  ['GU', 'GUM', 316, 'Guam'],
  ['GW', 'GNB', 624, 'Guinea-Bissau'],
  ['GY', 'GUY', 328, 'Guyana'],
  ['HK', 'HKG', 344, 'Hong Kong'],
  ['HM', 'HMD', 334, 'Heard Island and McDonald Islands'],
  ['HN', 'HND', 340, 'Honduras'],
  ['HR', 'HRV', 191, 'Croatia'],
  ['HT', 'HTI', 332, 'Haiti'],
  ['HU', 'HUN', 348, 'Hungary'],
  ['ID', 'IDN', 360, 'Indonesia'],
  ['IE', 'IRL', 372, 'Ireland'],
  ['IL', 'ISR', 376, 'Israel'],
  ['IM', 'IMN', 833, 'Isle of Man'],
  ['IN', 'IND', 356, 'India'],
  ['IO', 'IOT', 86, 'British Indian Ocean Territory'],
  ['IQ', 'IRQ', 368, 'Iraq'],
  ['IR', 'IRN', 364, 'Iran (Islamic Republic of)'],
  ['IS', 'ISL', 352, 'Iceland'],
  ['IT', 'ITA', 380, 'Italy'],
  ['JE', 'JEY', 832, 'Jersey'],
  ['JM', 'JAM', 388, 'Jamaica'],
  ['JO', 'JOR', 400, 'Jordan'],
  ['JP', 'JPN', 392, 'Japan'],
  ['KE', 'KEN', 404, 'Kenya'],
  ['KG', 'KGZ', 417, 'Kyrgyzstan'],
  ['KH', 'KHM', 116, 'Cambodia'],
  ['KI', 'KIR', 296, 'Kiribati'],
  ['KM', 'COM', 174, 'Comoros'],
  ['KN', 'KNA', 659, 'Saint Kitts and Nevis'],
  ['KP', 'PRK', 408, "Korea (Democratic People's Republic of)"],
  ['KR', 'KOR', 410, 'Korea, Republic of'],
  ['KW', 'KWT', 414, 'Kuwait'],
  ['KY', 'CYM', 136, 'Cayman Islands'],
  ['KZ', 'KAZ', 398, 'Kazakhstan'],
  ['LA', 'LAO', 418, "Lao People's Democratic Republic"],
  ['LB', 'LBN', 422, 'Lebanon'],
  ['LC', 'LCA', 662, 'Saint Lucia'],
  ['LI', 'LIE', 438, 'Liechtenstein'],
  ['LK', 'LKA', 144, 'Sri Lanka'],
  ['LR', 'LBR', 430, 'Liberia'],
  ['LS', 'LSO', 426, 'Lesotho'],
  ['LT', 'LTU', 440, 'Lithuania'],
  ['LU', 'LUX', 442, 'Luxembourg'],
  ['LV', 'LVA', 428, 'Latvia'],
  ['LY', 'LBY', 434, 'Libya'],
  ['MA', 'MAR', 504, 'Morocco'],
  ['MC', 'MCO', 492, 'Monaco'],
  ['MD', 'MDA', 498, 'Moldova, Republic of'],
  ['ME', 'MNE', 499, 'Montenegro'],
  ['MF', 'MAF', 663, 'Saint Martin (French part)'],
  ['MG', 'MDG', 450, 'Madagascar'],
  ['MH', 'MHL', 584, 'Marshall Islands'],
  ['MK', 'MKD', 807, 'North Macedonia'],
  ['ML', 'MLI', 466, 'Mali'],
  ['MM', 'MMR', 104, 'Myanmar'],
  ['MN', 'MNG', 496, 'Mongolia'],
  ['MO', 'MAC', 446, 'Macao'],
  ['MP', 'MNP', 580, 'Northern Mariana Islands'],
  ['MQ', 'MTQ', 474, 'Martinique'],
  ['MR', 'MRT', 478, 'Mauritania'],
  ['MS', 'MSR', 500, 'Montserrat'],
  ['MT', 'MLT', 470, 'Malta'],
  ['MU', 'MUS', 480, 'Mauritius'],
  ['MV', 'MDV', 462, 'Maldives'],
  ['MW', 'MWI', 454, 'Malawi'],
  ['MX', 'MEX', 484, 'Mexico'],
  ['MY', 'MYS', 458, 'Malaysia'],
  ['MZ', 'MOZ', 508, 'Mozambique'],
  ['NA', 'NAM', 516, 'Namibia'],
  ['NC', 'NCL', 540, 'New Caledonia'],
  ['NE', 'NER', 562, 'Niger'],
  ['NF', 'NFK', 574, 'Norfolk Island'],
  ['NG', 'NGA', 566, 'Nigeria'],
  ['NI', 'NIC', 558, 'Nicaragua'],
  ['NL', 'NLD', 528, 'Netherlands'],
  ['NO', 'NOR', 578, 'Norway'],
  ['NP', 'NPL', 524, 'Nepal'],
  ['NR', 'NRU', 520, 'Nauru'],
  ['NU', 'NIU', 570, 'Niue'],
  ['NZ', 'NZL', 554, 'New Zealand'],
  ['OM', 'OMN', 512, 'Oman'],
  ['PA', 'PAN', 591, 'Panama'],
  ['PE', 'PER', 604, 'Peru'],
  ['PF', 'PYF', 258, 'French Polynesia'],
  ['PG', 'PNG', 598, 'Papua New Guinea'],
  ['PH', 'PHL', 608, 'Philippines'],
  ['PK', 'PAK', 586, 'Pakistan'],
  ['PL', 'POL', 616, 'Poland'],
  ['PM', 'SPM', 666, 'Saint Pierre and Miquelon'],
  ['PN', 'PCN', 612, 'Pitcairn'],
  ['PR', 'PRI', 630, 'Puerto Rico'],
  ['PS', 'PSE', 275, 'Palestine, State of'],
  ['PT', 'PRT', 620, 'Portugal'],
  ['PW', 'PLW', 585, 'Palau'],
  ['PY', 'PRY', 600, 'Paraguay'],
  ['QA', 'QAT', 634, 'Qatar'],
  ['RE', 'REU', 638, 'Réunion'],
  ['RO', 'ROU', 642, 'Romania'],
  ['RS', 'SRB', 688, 'Serbia'],
  ['RU', 'RUS', 643, 'Russian Federation'],
  ['RW', 'RWA', 646, 'Rwanda'],
  ['SA', 'SAU', 682, 'Saudi Arabia'],
  ['SB', 'SLB', 90, 'Solomon Islands'],
  ['SC', 'SYC', 690, 'Seychelles'],
  ['SD', 'SDN', 729, 'Sudan'],
  ['SE', 'SWE', 752, 'Sweden'],
  ['SG', 'SGP', 702, 'Singapore'],
  ['SH', 'SHN', 654, 'Saint Helena, Ascension and Tristan da Cunha'],
  ['SI', 'SVN', 705, 'Slovenia'],
  ['SJ', 'SJM', 744, 'Svalbard and Jan Mayen'],
  ['SK', 'SVK', 703, 'Slovakia'],
  ['SL', 'SLE', 694, 'Sierra Leone'],
  ['SM', 'SMR', 674, 'San Marino'],
  ['SN', 'SEN', 686, 'Senegal'],
  ['SO', 'SOM', 706, 'Somalia'],
  ['SR', 'SUR', 740, 'Suriname'],
  ['SS', 'SSD', 728, 'South Sudan'],
  ['ST', 'STP', 678, 'Sao Tome and Principe'],
  ['SV', 'SLV', 222, 'El Salvador'],
  ['SX', 'SXM', 534, 'Sint Maarten (Dutch part)'],
  ['SY', 'SYR', 760, 'Syrian Arab Republic'],
  ['SZ', 'SWZ', 748, 'Eswatini'],
  ['TC', 'TCA', 796, 'Turks and Caicos Islands'],
  ['TD', 'TCD', 148, 'Chad'],
  ['TF', 'ATF', 260, 'French Southern Territories'],
  ['TG', 'TGO', 768, 'Togo'],
  ['TH', 'THA', 764, 'Thailand'],
  ['TJ', 'TJK', 762, 'Tajikistan'],
  ['TK', 'TKL', 772, 'Tokelau'],
  ['TL', 'TLS', 626, 'Timor-Leste'],
  ['TM', 'TKM', 795, 'Turkmenistan'],
  ['TN', 'TUN', 788, 'Tunisia'],
  ['TO', 'TON', 776, 'Tonga'],
  ['TR', 'TUR', 792, 'Türkiye'],
  ['TT', 'TTO', 780, 'Trinidad and Tobago'],
  ['TV', 'TUV', 798, 'Tuvalu'],
  ['TW', 'TWN', 158, 'Taiwan, Province of China'],
  ['TZ', 'TZA', 834, 'Tanzania, United Republic of'],
  ['UA', 'UKR', 804, 'Ukraine'],
  ['UG', 'UGA', 800, 'Uganda'],
  ['UM', 'UMI', 581, 'United States Minor Outlying Islands'],
  ['US', 'USA', 840, 'United States of America'],
  ['UY', 'URY', 858, 'Uruguay'],
  ['UZ', 'UZB', 860, 'Uzbekistan'],
  ['VA', 'VAT', 336, 'Holy See'],
  ['VC', 'VCT', 670, 'Saint Vincent and the Grenadines'],
  ['VE', 'VEN', 862, 'Venezuela (Bolivarian Republic of)'],
  ['VG', 'VGB', 92, 'Virgin Islands (British)'],
  ['VI', 'VIR', 850, 'Virgin Islands (U.S.)'],
  ['VN', 'VNM', 704, 'Viet Nam'],
  ['VU', 'VUT', 548, 'Vanuatu'],
  ['WF', 'WLF', 876, 'Wallis and Futuna'],
  ['WS', 'WSM', 882, 'Samoa'],
  ['YE', 'YEM', 887, 'Yemen'],
  ['YT', 'MYT', 175, 'Mayotte'],
  ['ZA', 'ZAF', 710, 'South Africa'],
  ['ZM', 'ZMB', 894, 'Zambia'],
  ['ZW', 'ZWE', 716, 'Zimbabwe'],
];

/** All 249 officially assigned entries, sorted by alpha-2 (code-unit order). */
export const countries: readonly Country[] = Object.freeze(
  rows.map(([alpha2, alpha3, numeric, name]) => Object.freeze({ alpha2, alpha3, numeric, name })),
);

// Everyday English names that differ from the ISO short names above. Kept deliberately
// small: only forms that providers commonly emit, never ambiguous ones (e.g. plain 'Korea').
const aliases: readonly (readonly [alias: string, alpha2: string])[] = [
  ['United States', 'US'],
  ['United Kingdom', 'GB'],
  ['UK', 'GB'],
  ['Great Britain', 'GB'],
  ['Britain', 'GB'],
  ['Russia', 'RU'],
  ['South Korea', 'KR'],
  ['North Korea', 'KP'],
  ['Vietnam', 'VN'],
  ['Iran', 'IR'],
  ['Syria', 'SY'],
  ['Bolivia', 'BO'],
  ['Venezuela', 'VE'],
  ['Tanzania', 'TZ'],
  ['Laos', 'LA'],
  ['Moldova', 'MD'],
  ['Czech Republic', 'CZ'],
  ['Turkey', 'TR'],
  ['Ivory Coast', 'CI'],
  ['Macedonia', 'MK'],
  ['Swaziland', 'SZ'],
  ['Cape Verde', 'CV'],
  ['Holland', 'NL'],
  ['Burma', 'MM'],
  ['Vatican', 'VA'],
  ['Vatican City', 'VA'],
  ['Palestine', 'PS'],
  ['Taiwan', 'TW'],
  ['Micronesia', 'FM'],
  ['Brunei', 'BN'],
  ['Macau', 'MO'],
  ['East Timor', 'TL'],
  ['DR Congo', 'CD'],
  ['Republic of the Congo', 'CG'],
  ['Falkland Islands', 'FK'],
  ['British Virgin Islands', 'VG'],
  ['US Virgin Islands', 'VI'],
  ['Saint Martin', 'MF'],
  ['Sint Maarten', 'SX'],
  ['Cocos Islands', 'CC'],
  ['Pitcairn Islands', 'PN'],
  ['Saint Helena', 'SH'],
  ['UAE', 'AE'],
];

function normalise(value: string): string {
  return (
    value
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      // Hyphens separate words ('Guinea Bissau' is as common as 'Guinea-Bissau'); other
      // punctuation is dropped so that "Côte d'Ivoire" meets 'Cote dIvoire' and 'U.S.' meets 'US'.
      .replace(/[-\u2010-\u2015]/g, ' ')
      .replace(/[^\p{L}\p{N}\s]+/gu, '')
      .replace(/\s+/g, ' ')
      .trim()
      // 'The Gambia', 'The Netherlands', 'The Bahamas' are common; no ISO name starts with 'the'.
      .replace(/^the /, '')
  );
}

// ISO puts the qualifier last ('Korea, Republic of', 'Iran (Islamic Republic of)'), but providers
// that follow UN usage write it first ('Republic of Korea', 'Islamic Republic of Iran').
function nameForms(name: string): string[] {
  const match = /^(.+?)(?:, | \()(.+ of(?: the)?)\)?$/.exec(name);
  return match ? [name, `${match[2]} ${match[1]}`] : [name];
}

const byAlpha2 = new Map<string, Country>();
const byNumeric = new Map<number, Country>();
const byKey = new Map<string, string>();

for (const country of countries) {
  byAlpha2.set(country.alpha2, country);
  byNumeric.set(country.numeric, country);
  for (const form of nameForms(country.name)) byKey.set(normalise(form), country.alpha2);
  byKey.set(country.alpha3.toLowerCase(), country.alpha2);
}
for (const [alias, alpha2] of aliases) {
  // An alias must never shadow an official name or alpha-3 code.
  const key = normalise(alias);
  if (!byKey.has(key)) byKey.set(key, alpha2);
}

const ALPHA2 = /^[A-Za-z]{2}$/;
const DIGITS = /^\d+$/;

/** 'US' | 'us' → 840; unknown or malformed → undefined. Accepts surrounding whitespace. */
export function alpha2ToNumeric(alpha2: string): number | undefined {
  const code = alpha2.trim();
  if (!ALPHA2.test(code)) return undefined;
  return byAlpha2.get(code.toUpperCase())?.numeric;
}

/** 840 → 'US'; unknown, non-integer → undefined. */
export function numericToAlpha2(numeric: number): string | undefined {
  if (!Number.isInteger(numeric)) return undefined;
  return byNumeric.get(numeric)?.alpha2;
}

/**
 * A country as a provider may write it → alpha-2, or undefined when unknown.
 * Accepts: alpha-2 ('us', 'US'), alpha-3 ('USA'), numeric as string ('840', '040' with leading zeros, '4'),
 * the English short name from the table, case- and accent-insensitive, ignoring punctuation and extra spaces
 * ('united states', 'Aland Islands', 'Côte d'Ivoire' / 'Cote dIvoire'), plus a SMALL set of very common
 * English aliases (e.g. 'United States of America', 'USA', 'UK', 'Great Britain', 'Russia', 'South Korea',
 * 'North Korea', 'Vietnam', 'Iran', 'Syria', 'Bolivia', 'Venezuela', 'Tanzania', 'Laos', 'Moldova',
 * 'Czech Republic', 'Turkey', 'Ivory Coast', 'Macedonia', 'Swaziland', 'Cape Verde', 'Holland' -> NL, 'Burma' -> MM, 'Vatican' -> VA, 'Palestine' -> PS, 'Taiwan' -> TW, 'Micronesia' -> FM).
 */
// Providers repeat a handful of country strings on every record: remember answers.
const seen = new Map<string, string | undefined>();

/**
 * The longest text read as a country. The longest name in the table is 52
 * characters; a provider's spacing and punctuation may add some. A longer one
 * (a record holding megabytes there) is no country: neither normalised (0.7 s
 * for 10 MB) nor remembered, which kept up to 4096 such texts alive.
 */
export const MAX_COUNTRY_CHARS = 256;

export function countryNameToAlpha2(value: string): string | undefined {
  // Most providers write a spelling from the table itself: one lookup whose keys are this
  // module's own strings (a cache keyed by the provider's strings compares against values
  // scattered over its records, a cache miss on every hit).
  const exact = bySpelling.get(value);
  if (exact !== undefined) return exact;
  if (value.length > MAX_COUNTRY_CHARS) return undefined;
  const known = seen.get(value);
  if (known !== undefined || seen.has(value)) return known;
  const found = lookUpCountry(value);
  if (seen.size >= 4096) seen.clear(); // bounded: a stream of distinct junk cannot grow it without end
  seen.set(value, found);
  return found;
}

function lookUpCountry(value: string): string | undefined {
  const trimmed = value.trim();
  if (DIGITS.test(trimmed)) return byNumeric.get(Number.parseInt(trimmed, 10))?.alpha2;
  const key = normalise(trimmed);
  if (key.length === 2) {
    // 'UK' is not an assigned alpha-2 code, so a miss here falls through to the aliases.
    const hit = byAlpha2.get(key.toUpperCase());
    if (hit) return hit.alpha2;
  }
  return byKey.get(key);
}

// Each spelling the tables write (official names and their UN-order forms, alpha-2, alpha-3,
// aliases) with the answer the general lookup gives for it, so the fast path cannot disagree.
const bySpelling = new Map<string, string>();
for (const country of countries) {
  for (const spelling of [...nameForms(country.name), country.alpha2, country.alpha3]) {
    const found = lookUpCountry(spelling);
    if (found !== undefined) bySpelling.set(spelling, found);
  }
}
for (const [alias] of aliases) {
  const found = lookUpCountry(alias);
  if (found !== undefined) bySpelling.set(alias, found);
}
