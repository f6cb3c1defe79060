/**
 * PDF generation for the main process (plain Node, no `electron`): group agreements and
 * rosters, and clinical note exports. Input comes from the renderer over IPC and is
 * validated here; fonts come from the app's resources folder.
 */
export { agreementPdfInputSchema, fillMergeFields, renderAgreementPdf } from './agreement-pdf';
export type { AgreementPdfInput } from './agreement-pdf';
export { notesPdfInputSchema, renderNotesPdf } from './note-pdf';
export type { NotesPdfInput } from './note-pdf';
export { PAPER_SIZES, PdfInputError, preloadPdfFonts } from './document';
export type { PaperSize, RenderOptions } from './document';
export { clearPdfCaches, defaultResourcesDir, installFonts, loadShaper, PdfFonts } from './fonts';
export { fontChain } from './shaping';
export type { FontWeight } from './fonts';
export type { FontSource } from './shaping';
export { SignatureImageError } from './png';
export { agreementTemplateSchema, defaultAgreementTemplate, loadDefaultAgreement } from './default-agreement';
export type { AgreementTemplate } from './default-agreement';
