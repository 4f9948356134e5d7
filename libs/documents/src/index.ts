export * from './documents.module.js';
export * from './pdf/render-document-pdf.js';
export * from './files/inspect-upload.js';
export * from './storage/file-storage.js';
export * from './calendar/icalendar.js';
