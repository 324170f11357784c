// Forms from field lists: labels tied to inputs, client-side checks with clear messages before anything is
// sent, the API's 400 messages shown next to the field they name, a busy submit button. Enter submits, as in
// any HTML form.

import {ApiError} from './api.js';
import {h, notice, uniqueId, whileBusy} from './dom.js';

const MAX_AMOUNT = 1_000_000_000;
const MAX_TEXT = 200;
// the same tokens the API accepts inside a URL: #affid# style and {click_id} style
const URL_TOKENS = /#[a-z0-9]+#|\{[a-z0-9_]+\}/g;

/**
 * A field: {name, label, type: 'text'|'url'|'integer'|'amount'|'select'|'password'|'datetime'|'checkbox'|
 * 'checkboxes', required, min, max, maxLength, options: [[value, label]...] for selects and checkboxes, help,
 * placeholder, inputType (the input's own type, when not the type's usual one), format (the JSON value as the
 * input's text) and parse (the text as the JSON value; throws an Error saying what is wrong)}. A field's raw value
 * is its input's text, true/false for a checkbox, a list for checkboxes.
 */
function fieldProblem(field, raw) {
  if (field.type === 'checkbox') return null;
  if (field.type === 'checkboxes') return field.required && raw.length === 0 ? `Choose at least one ${field.label.toLowerCase()}.` : null;
  const value = raw.trim();
  if (!value) return field.required ? `${field.label} is required.` : null;
  switch (field.type) {
    case 'datetime':
      return Number.isNaN(new Date(value).getTime()) ? `${field.label} must be a date and time.` : null;
    case 'url': {
      let url = null;
      try {
        url = new URL(value.replace(URL_TOKENS, 'x'));
      } catch {
        // stays null: not a URL at all
      }
      return url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname
        ? null : `${field.label} must be a full http:// or https:// address.`;
    }
    case 'integer':
      return /^\d{1,9}$/.test(value) && Number(value) >= field.min && Number(value) <= field.max
        ? null : `${field.label} must be a whole number from ${field.min} to ${field.max}.`;
    case 'amount':
      return /^\d{1,10}(\.\d{1,6})?$/.test(value) && Number(value) <= MAX_AMOUNT
        ? null : `${field.label} must be an amount like 2.50 (at most 6 decimals, up to ${MAX_AMOUNT}).`;
    default: {
      if (field.parse) {
        try {
          field.parse(value);
        } catch (error) {
          return `${field.label}: ${error.message}`;
        }
      }
      const max = field.maxLength ?? MAX_TEXT;
      return value.length <= max ? null : `${field.label} must be at most ${max} characters.`;
    }
  }
}

/** The JSON value of a field: numbers for numbers and ids, null for an empty optional field. */
function fieldValue(field, raw) {
  if (field.type === 'checkbox' || field.type === 'checkboxes') return raw;
  const value = raw.trim();
  if (!value) return null;
  if (field.parse) {
    try {
      return field.parse(value);
    } catch {
      return null; // fieldProblem reports it, and nothing is sent
    }
  }
  if (field.type === 'integer' || field.type === 'amount' || field.numeric) return Number(value);
  return value;
}

function control(field, id, value, describedBy) {
  const common = {id, name: field.name, required: field.required, 'aria-describedby': describedBy};
  if (field.type === 'checkbox') {
    const box = h('input', {...common, type: 'checkbox'});
    box.checked = value === 'true';
    return box;
  }
  if (field.type === 'select') {
    const select = h('select', common,
      field.required ? null : h('option', {value: ''}, field.emptyLabel ?? '—'),
      (field.options ?? []).map(([optionValue, label]) => h('option', {value: optionValue}, label)));
    select.value = value ?? (field.required && field.options?.length ? String(field.options[0][0]) : '');
    return select;
  }
  const input = h('input', {...common,
    // numbers stay text inputs: a number input empties what it cannot parse, and the message would be wrong
    type: field.inputType ?? {url: 'url', password: 'password', datetime: 'datetime-local'}[field.type] ?? 'text',
    inputmode: {integer: 'numeric', amount: 'decimal'}[field.type],
    placeholder: field.placeholder, autocomplete: field.autocomplete ?? 'off', spellcheck: 'false'});
  input.value = value ?? '';
  return input;
}

/** One field's row: label, control, help and error line; read() gives its raw value. */
function fieldRow(field, formName, value) {
  const id = uniqueId(`${formName}-${field.name}`);
  const helpId = field.help ? `${id}-help` : null;
  const errorId = `${id}-error`;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ');
  const help = field.help ? h('p', {id: helpId, class: 'help'}, field.help) : null;
  const error = h('p', {id: errorId, class: 'field-error'});
  if (field.type === 'checkboxes') {
    const chosen = new Set((value ?? []).map(String));
    const boxes = field.options.map(([optionValue, label]) => {
      const box = h('input', {type: 'checkbox', id: `${id}-${optionValue}`, name: field.name, value: optionValue});
      box.checked = chosen.has(String(optionValue));
      return h('label', {class: 'check', for: box.id}, box, label);
    });
    const group = h('fieldset', {class: 'field', 'data-field': field.name, 'aria-describedby': describedBy},
      h('legend', {}, field.label), h('div', {class: 'check-group'}, boxes), help, error);
    const read = () => [...group.querySelectorAll('input:checked')].map((box) => box.value);
    return {field, row: group, invalidTarget: group, focusTarget: group.querySelector('input'), error, read};
  }
  const input = control(field, id, value == null ? null : String(value), describedBy);
  const label = h('label', {for: id}, field.label,
    field.required || field.type === 'checkbox' ? null : h('span', {class: 'optional'}, ' (optional)'));
  const row = field.type === 'checkbox'
    ? h('div', {class: 'field field-check', 'data-field': field.name}, input, label, help, error)
    : h('div', {class: 'field', 'data-field': field.name}, label, input, help, error);
  const read = () => (field.type === 'checkbox' ? input.checked : input.value);
  return {field, row, invalidTarget: input, focusTarget: input, error, read};
}

/**
 * Builds a form. values: the current record (for edits); check(data): problems [{field, message}] across
 * fields; onSubmit(data) does the work and may throw ApiError, whose messages are shown.
 */
export function form({fields, values = {}, submitLabel, onSubmit, check = () => [], extraButtons = [], name = 'form'}) {
  const summary = h('div', {class: 'form-summary'});
  const rows = fields.map((field) => fieldRow(field, name,
    field.format ? field.format(values[field.name]) : values[field.name]));
  const submit = h('button', {type: 'submit', class: 'button primary'}, submitLabel);
  const element = h('form', {class: 'form', novalidate: true, 'data-form': name},
    summary, rows.map((r) => r.row), h('div', {class: 'form-actions'}, submit, extraButtons));

  function show(problems, title) {
    for (const {field, error, invalidTarget} of rows) {
      const message = problems.filter((p) => p.field === field.name).map((p) => p.message).join(' ');
      error.textContent = message;
      invalidTarget.toggleAttribute('aria-invalid', Boolean(message));
    }
    summary.replaceChildren();
    if (problems.length) {
      const box = notice('error', title, problems.map((p) => p.message));
      summary.append(box);
      (rows.find((r) => r.invalidTarget.hasAttribute('aria-invalid'))?.focusTarget ?? box).focus();
    }
  }

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    let problems = rows.map(({field, read}) => ({field: field.name, message: fieldProblem(field, read())}))
      .filter((p) => p.message);
    const data = Object.fromEntries(rows.map(({field, read}) => [field.name, fieldValue(field, read())]));
    if (!problems.length) problems = check(data);
    show(problems, 'Please correct the following:');
    if (problems.length) return;
    try {
      await whileBusy(submit, () => onSubmit(data));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // the API names the field first ("landingPageUrl must be ...", "caps[0].limit ..."): show it there too
      show(error.messages.map((message) => ({
        message, field: rows.find((r) => [' ', ':', '[', '.'].some((after) => message.startsWith(`${r.field.name}${after}`)))?.field.name,
      })), 'The tracker did not accept this:');
    }
  });
  return element;
}
