export * from './form-definition.js';
export * from './json-logic.js';
export * from './answers.js';
export * from './check-form.js';
export * from './form-view.js';
export * from './json-schema.js';
export * from './form-input.js';
