import { wrapError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { releaseContents } from '../director-client/api-releases.js';
import { field } from '../director-client/json-fields.js';
import { openDirector } from '../director-client/open.js';
import { parseSlug, parseVersionArg } from '../flags/slugs.js';
import { headers, type Table } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh inspect-release NAME/VERSION`: the jobs (with their links) and the packages (with compiled ones) of a release. */
export const inspectReleaseCommand = defineCommand({
  name: 'inspect-release',
  aliases: [],
  description: 'List release contents such as jobs',
  goOptsType: 'InspectReleaseOpts',
  options: {},
  args: [{ name: 'NAME/VERSION', description: '', required: true }],
  parseArg: (_i, raw) => Promise.resolve(parseSlug('release', raw)),
  async run(ctx) {
    const director = await openDirector(ctx);
    const slug = ctx.args[0] as { name: string; version: string };
    let version: string;
    try {
      version = parseVersionArg(slug.version);
    } catch (e) {
      throw wrapError(e, `Parsing version for release '${slug.name}/${slug.version}'`);
    }
    let contents;
    try {
      contents = await releaseContents(director, slug.name, version);
    } catch (e) {
      throw wrapError(e, `Expected to find release '${slug.name}/${version}'`);
    }
    const jobsHeader = headers('Job', 'Blobstore ID', 'Digest', 'Links Consumed', 'Links Provided');
    const packagesHeader = headers('Package', 'Compiled for', 'Blobstore ID', 'Digest');
    const jobs: Table = {
      content: 'jobs',
      header: jobsHeader,
      rows: contents.jobs.map((j) => [
        `${j.name}/${j.fingerprint}`,
        j.blobstoreId,
        j.sha1,
        linksCell(j.consumes),
        linksCell(j.provides),
      ]),
      sortBy: [{ column: 0, asc: true }],
      filterHeader: packagesHeader,
    };
    const packages: Table = {
      content: 'packages',
      header: packagesHeader,
      rows: [],
      sections: contents.packages.map((p) => ({
        firstColumn: `${p.name}/${p.fingerprint}`,
        rows: [
          ['', '(source)', p.blobstoreId, p.sha1],
          ...p.compiledPackages.map((c) => ['', c.stemcell, c.blobstoreId, c.sha1]),
        ],
      })),
      sortBy: [{ column: 0, asc: true }],
      filterHeader: jobsHeader,
    };
    ctx.ui.printTable(jobs);
    ctx.ui.printTable(packages);
  },
});

/** ValueInterface of `[]Link`: YAML of the `{name, type, optional}` structs (optional only when true); nothing for none. */
function linksCell(links: unknown): string {
  if (!Array.isArray(links) || links.length === 0) return '';
  const items = links.map((l: unknown) => {
    const text = (k: string): string => {
      const v = field(l, k);
      return typeof v === 'string' ? v : '';
    };
    const link = new OrderedYamlMap([
      ['name', text('name')],
      ['type', text('type')],
    ]);
    if (field(l, 'optional') === true) link.set('optional', true);
    return link;
  });
  return emitYaml(items).trim();
}
