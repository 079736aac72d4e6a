import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The floors of the code, each importing only its own floor and the ones
 * below (eslint.config.js lists them, lowest first: shared/, then the main
 * process's store/, package/, services/, and the rest of electron/ on top),
 * and no import loops at all among the files checked, within a floor or
 * across floors.
 *
 * A loop is found by following relative imports (type-only ones too) from
 * the linted file's own imports through the files on disk; it is reported
 * at the import of the linted file that starts it. Imports are read with
 * TypeScript's preProcessFile, so strings and comments never count.
 */

const EXTENSIONS = ['.ts', '.tsx'];

/** Imports of a file on disk, resolved, by path; kept while the file's modification time stays. */
const importsOnDisk = new Map();

function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = EXTENSIONS.includes(path.extname(base)) ? [base] : [...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  for (const candidate of candidates) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not this one.
    }
  }
  return null;
}

function diskImports(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  const cached = importsOnDisk.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.imports;
  const text = fs.readFileSync(file, 'utf8');
  const imports = ts.preProcessFile(text, true, true).importedFiles.map((entry) => resolveImport(file, entry.fileName)).filter((target) => target !== null);
  importsOnDisk.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, imports });
  return imports;
}

const posix = (file) => file.split(path.sep).join('/');

/** @type {import('eslint').Rule.RuleModule} */
export const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Floors import downward only, and no file imports itself through others' },
    messages: {
      upward: '{{from}}/ must not import {{to}}/ ({{target}}): floors import only downward ({{order}}).',
      loop: 'Import loop: {{chain}}. Move what both need to a lower floor or a module of its own.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          /** Lowest first: a name and the folders (relative to the working directory, ending in /) that make it up. */
          floors: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, folders: { type: 'array', items: { type: 'string' } } }, required: ['name', 'folders'], additionalProperties: false },
          },
          /** The folders whose files may take part in no import loop. */
          noLoopsIn: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { floors = [], noLoopsIn = [] } = context.options[0] ?? {};
    const root = context.cwd;
    const relative = (file) => posix(path.relative(root, file));
    const order = floors.map((floor) => floor.name).join(' → ');

    /** The floor of a file: the one with the longest folder that holds it; null outside every floor. */
    function floorOf(file) {
      const rel = relative(file);
      let best = null;
      floors.forEach((floor, level) => {
        for (const folder of floor.folders) {
          if (rel.startsWith(folder) && (best === null || folder.length > best.folder.length)) best = { level, name: floor.name, folder };
        }
      });
      return best;
    }

    const filename = context.filename;
    const own = floorOf(filename);
    const checkLoops = noLoopsIn.some((folder) => relative(filename).startsWith(folder));
    const inLoopScope = (file) => noLoopsIn.some((folder) => relative(file).startsWith(folder));
    const starts = [];

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const target = resolveImport(filename, specifier);
      if (target === null) return;
      const theirs = floorOf(target);
      if (own && theirs && theirs.level > own.level) {
        context.report({ node, messageId: 'upward', data: { from: own.folder.replace(/\/$/, ''), to: theirs.folder.replace(/\/$/, ''), target: relative(target), order } });
      }
      if (checkLoops && inLoopScope(target)) starts.push({ node, target });
    }

    /** The shortest chain of imports from `start` back to the linted file (breadth first), or null. */
    function loopFrom(start) {
      const seen = new Set([start]);
      const queue = [[start]];
      for (let at = 0; at < queue.length; at++) {
        const chain = queue[at];
        const file = chain[chain.length - 1];
        if (file === filename) return chain;
        for (const next of diskImports(file)) {
          if (seen.has(next) || !inLoopScope(next)) continue;
          seen.add(next);
          queue.push([...chain, next]);
        }
      }
      return null;
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      'Program:exit'() {
        const reported = new Set();
        for (const { node, target } of starts) {
          if (reported.has(target)) continue;
          const chain = loopFrom(target);
          if (chain === null) continue;
          reported.add(target);
          context.report({ node, messageId: 'loop', data: { chain: [filename, ...chain].map(relative).join(' → ') } });
        }
      },
    };
  },
};
