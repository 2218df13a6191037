/**
 * HTML made from Markdown (hovers, the data map) carries text of the document, and a shared link
 * is someone else's document: only plain formatting survives, no script, handler, form or
 * anything that would load from elsewhere (the page's Content-Security-Policy says the same).
 */
import DOMPurify from 'dompurify';

export function safeHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['img', 'picture', 'video', 'audio', 'source', 'track', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'style', 'link'],
    ALLOWED_URI_REGEXP: /^(?:https?:|#)/i,
  });
}
