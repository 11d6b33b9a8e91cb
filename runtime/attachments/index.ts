// Attachments (附件) of a case: uploaded on the case page, at a step or with a public appeal, type
// sniffed from the bytes, bounded by the unit's policy within the server's bounds, kept in the
// runtime's attachment directory.
export { attachmentRoutes, receiveFile, ATTACHMENT_SCHEMA } from './routes.js';
export {
  DEFAULT_ATTACHMENT_LIMITS,
  ACCEPTED_EXTENSIONS,
  type AttachmentConfig,
  type AttachmentLimits,
} from './policy.js';
export { attachmentsOf, type Attachment } from './service.js';
export { AttachmentFiles } from './storage.js';
export { AttachmentPolicies, ATTACHMENT_KINDS, type AttachmentKind, type AttachmentPolicy } from './tenant-policy.js';
export {
  attachIntakeUploads,
  claimIntakeUploads,
  keepIntakeUpload,
  pruneIntakeUploads,
  INTAKE_UPLOAD_TTL_MS,
  releaseIntakeUploads,
  type ClaimedUploads,
} from './intake-uploads.js';
export { printAttachments } from './print.js';
