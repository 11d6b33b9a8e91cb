// Attachments (附件) of a case: uploaded on the case page or at a step, type sniffed from the bytes,
// bounded per file, case and tenant, kept in the runtime's attachment directory.
export { attachmentRoutes, ATTACHMENT_SCHEMA } from './routes.js';
export {
  DEFAULT_ATTACHMENT_LIMITS,
  ACCEPTED_EXTENSIONS,
  type AttachmentConfig,
  type AttachmentLimits,
} from './policy.js';
export { attachmentsOf, type Attachment } from './service.js';
