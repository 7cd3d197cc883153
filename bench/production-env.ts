import { randomBytes } from 'node:crypto';

/**
 * Imported first by every benchmark script: benchmarks measure the
 * configuration that ships, NODE_ENV=production. It has to come before any
 * other import: graphql-js chooses its development-mode type checks when it
 * is loaded, and the configuration is validated when the application module
 * is imported (production requires the secrets, a DATABASE_URL and an SMTP_URL; the
 * placeholders are replaced by bench-api.ts before an application is created).
 */
process.env.NODE_ENV = 'production';
process.env.JWT_SECRET ??= randomBytes(32).toString('hex');
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
process.env.SMTP_URL ??= 'smtp://127.0.0.1:25';
