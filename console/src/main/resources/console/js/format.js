// How values read on screen: money, rates, times, catalog ids with their names, and any report cell.

const MODEL_LABELS = {FIRST_TOUCH: 'First touch', LAST_TOUCH: 'Last touch', LINEAR: 'Linear', TIME_DECAY: 'Time decay',
  U_SHAPED: 'U-shaped'};
export const MODELS = Object.keys(MODEL_LABELS);
export const modelLabel = (model) => MODEL_LABELS[model] ?? model;

export const money = (value) => (value == null ? '—'
  : Number(value).toLocaleString(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 4}));

export const number = (value) => Number(value).toLocaleString(undefined, {maximumFractionDigits: 4});

const percent = (value) => Number(value).toLocaleString(undefined, {style: 'percent', maximumFractionDigits: 2});

/** "#3 Summer Sale" for a record of a list, "#3" for one without a name or not (any more) in the list. */
export function named(list, id) {
  if (id == null) return '—';
  const record = list?.find((r) => r.id === id);
  return record?.name ? `#${id} ${record.name}` : `#${id}`;
}

const HEADINGS = {affiliateId: 'Affiliate', offerId: 'Offer', campaignId: 'Campaign', creativeId: 'Creative',
  advertiserId: 'Advertiser', s1: 'Sub id 1', s2: 'Sub id 2', s3: 'Sub id 3', s4: 'Sub id 4', s5: 'Sub id 5',
  clicks: 'Unique clicks', totalClicks: 'Total clicks', conversionRate: 'Conversion rate', epc: 'EPC'};

/** A column heading for a field name: known ones by name, others from camelCase ("clickId" -> "Click id"). */
export function heading(key) {
  const words = HEADINGS[key] ?? key.replace(/\./g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ID_LISTS = {affiliateId: 'affiliates', offerId: 'offers', campaignId: 'campaigns', creativeId: 'creatives',
  advertiserId: 'advertisers'};
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const MONEY_FIELD = /revenue|payout|epc|amount/i;
/** Fields whose values are the API's upper-case names (ATTRIBUTED, POSTBACK): shown as words. */
const ENUM_FIELDS = new Set(['status', 'kind', 'disposition', 'clickIdSource', 'target', 'conversionStatus']);

/** One report cell as text, whatever the row holds: ids named, money and rates, times in local time. */
export function cellText(key, value, lists = {}) {
  if (value == null || value === '') return '—';
  const leaf = key.split('.').pop();
  if (ID_LISTS[leaf] && typeof value === 'number') return named(lists[ID_LISTS[leaf]], value);
  if ((leaf === 'conversionRate' || leaf === 'weight') && Number.isFinite(Number(value))) return percent(value);
  if (MONEY_FIELD.test(leaf) && /Micros$/.test(leaf) && Number.isFinite(value)) return money(value / 1_000_000);
  if (MONEY_FIELD.test(leaf) && Number.isFinite(Number(value))) return money(value);
  if (leaf === 'model' || leaf === 'attributionModel') return modelLabel(value);
  if (ENUM_FIELDS.has(leaf) && typeof value === 'string') return heading(value.toLowerCase().replace(/_/g, ' '));
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return new Date(value).toLocaleString();
  if (typeof value === 'number' && /time$/i.test(leaf) && value > 1e11) return new Date(value).toLocaleString();
  if (typeof value === 'number') return number(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((item) => cellText(leaf, item, lists)).join('; ');
  // an attribution credit reads as who got how much; an excluded click as why
  if (value.affiliateId != null && value.weight != null) {
    return `${named(lists.affiliates, value.affiliateId)}: ${percent(value.weight)} (revenue ${money(value.revenue)}, payout ${money(value.payout)})`;
  }
  if (value.clickId != null && value.reason != null) return `${value.clickId}: ${value.reason}`;
  // an adjustment reads as who changed what, and why
  if (value.adjustmentId != null) {
    return `${new Date(value.time).toLocaleString()} by ${value.by}: ${cellText('status', value.oldStatus)} → `
      + `${cellText('status', value.newStatus)}, payout ${money(value.oldPayout)} → ${money(value.newPayout)}`
      + (value.note ? ` (${value.note})` : '');
  }
  // a conversion's postback call reads as whose postback and how it went
  if (value.postbackId != null && value.status != null) {
    return `${named(lists.affiliates, value.affiliateId)} postback #${value.postbackId}: ${cellText('status', value.status)}`
      + ` (${value.attempts} attempt${value.attempts === 1 ? '' : 's'}${value.lastHttpStatus ? `, HTTP ${value.lastHttpStatus}` : ''})`;
  }
  if (typeof value === 'object') {
    return Object.entries(value).filter(([, v]) => v != null)
      .map(([k, v]) => `${heading(k)}: ${cellText(k, v, lists)}`).join(', ');
  }
  return String(value);
}
