import { compareGoStrings } from '../../base/go-string.js';
import { fetchCertificateExpiry, fetchInfo, type DirectorInfo } from '../director-client/api-info.js';
import { openDirector } from '../director-client/open.js';
import { flag } from '../flags/option.js';
import { headers, type Table } from '../ui/table.js';
import { defineCommand } from './command.js';

/** `bosh env`: the director's name, UUID, version, CPI, features and user; `--details` adds certificate expiry. */
export const environmentCommand = defineCommand({
  name: 'environment',
  aliases: ['env'],
  description: 'Show environment',
  goOptsType: 'EnvironmentOpts',
  options: { details: flag({ long: 'details', description: "Show director's certificates details" }) },
  args: [],
  async run(ctx) {
    const director = await openDirector(ctx);
    ctx.ui.printTable(infoTable(await fetchInfo(director)));
    if (ctx.options.details) {
      const certs = await fetchCertificateExpiry(director);
      ctx.ui.printTable({
        title: 'CERTIFICATE EXPIRY DATE INFORMATION',
        header: headers('Certificate', 'Expiry Date (UTC)', 'Days Left'),
        rows: certs.map((c) => [c.path, c.expiry, c.daysLeft.toString()]),
      });
    }
  },
});

/** bosh-cli InfoTable: transposed; stemcell, CPI and features only when known; `(not logged in)` without a user. */
export function infoTable(info: DirectorInfo): Table {
  const titles = ['Name', 'UUID', 'Version'];
  const row = [info.name, info.uuid, info.version];
  const add = (title: string, value: string): void => {
    titles.push(title);
    row.push(value);
  };
  if (info.stemcellOs !== '') add('Director Stemcell', `${info.stemcellOs}/${info.stemcellVersion}`);
  if (info.cpi !== '') add('CPI', info.cpi);
  if (info.features.size > 0) {
    const desc = [...info.features].map(([name, on]) => `${name}: ${on ? 'enabled' : 'disabled'}`);
    add('Features', desc.sort(compareGoStrings).join('\n'));
  }
  add('User', info.user !== '' ? info.user : '(not logged in)');
  return { header: headers(...titles), rows: [row], transpose: true };
}
