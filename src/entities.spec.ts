import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENTITIES } from './entities';

function entityFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entityFiles(path);
    return entry.name.endsWith('.entity.ts') ? [path] : [];
  });
}

describe('ENTITIES', () => {
  it('lists every class decorated with @Entity in src/', () => {
    const root = __dirname;
    const declared = entityFiles(root).flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /@Entity\([^)]*\)\s*(?:@[\s\S]*?\n)*?export class (\w+)/g,
        ),
      ].map((match) => `${relative(root, file)}:${match[1]}`),
    );
    const listed = new Set(ENTITIES.map((entity) => entity.name));
    expect(declared.filter((entry) => !listed.has(entry.split(':')[1]))).toEqual([]);
    expect(declared.length).toBe(ENTITIES.length);
  });
});
