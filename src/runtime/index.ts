/** The runtime generated connectors import. Provider-agnostic by construction. */
export * from './confirm.js';
export * from './connection.js';
export * from './connector.js';
export * from './converters.js';
export * from './cursor.js';
export * from './errors.js';
export * from './fields.js';
// The email check generated transformers inline before falling back to fitUnified for the message.
export { isEmailAddress } from './formats.js';
export * from './filters.js';
export * from './http.js';
export * from './input.js';
export * from './objects.js';
export * from './pagination.js';
export * from './redact.js';
export * from './request.js';
export * from './validate.js';
export * from './read.js';
export * from './write.js';
export * from './iterate.js';
export * from './walk.js';
