import type { FastifyReply } from 'fastify';

/** A file as a download, never run by the browser, never kept by a cache. */
export function sendDownload(
  reply: FastifyReply,
  fileName: string,
  mediaType: string,
  bytes: Buffer | string,
): FastifyReply {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('Content-Type', mediaType)
    .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(bytes);
}
