import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstanceRenderInput, JobRenderInput } from '../../ports/template-renderer.js';
import { RubyTemplateRenderer } from './ruby-template-renderer.js';

const hasRuby = spawnSync('ruby', ['-v']).status === 0;
if (!hasRuby)
  console.warn('ruby is not installed: skipping template renderer tests (CI installs it via apt)');

function instance(index: number, jobs: JobRenderInput[]): InstanceRenderInput {
  return {
    spec: {
      deployment: 'dep',
      name: 'web',
      id: `id-${index}`,
      index,
      az: 'z1',
      bootstrap: index === 0,
      address: `id-${index}.web.default.dep.bosh`,
      networks: { default: { ip: `10.0.0.${index + 10}`, default: ['dns', 'gateway'] } },
      persistentDisk: 2048,
    },
    jobs,
  };
}

function job(templates: Record<string, string>, extra: Partial<JobRenderInput> = {}): JobRenderInput {
  return {
    name: 'app',
    release: { name: 'rel', version: '1.2' },
    templates: Object.entries(templates).map(([source, erb]) => ({
      source,
      destination: `out/${source}`,
      erb,
    })),
    propertyDefinitions: {
      port: { default: 8080 },
      'tls.enabled': { default: false },
      'tls.cert': {},
      'old.name': {},
      'new.name': {},
      list: { default: [] },
    },
    properties: { tls: { cert: 'PEM' }, unused: 1, new: { name: 'N' } },
    links: {
      db: {
        instances: [
          { name: 'db', id: 'd0', index: 0, az: 'z1', address: 'd0.db.bosh', bootstrap: true },
          { name: 'db', id: 'd1', index: 1, az: 'z2', address: 'd1.db.bosh', bootstrap: false },
        ],
        properties: { db: { port: 5432 } },
        address: 'q-s0.db.default.dep.bosh',
      },
    },
    ...extra,
  };
}

async function renderOne(renderer: RubyTemplateRenderer, erb: string, extra: Partial<JobRenderInput> = {}) {
  const [result] = await renderer.render([instance(0, [job({ 't.erb': erb }, extra)])]);
  if (result === undefined) throw new Error('no result');
  if (!result.ok) return { error: result.error };
  return { content: result.jobs[0]?.files[0]?.content };
}

describe.skipIf(!hasRuby)('RubyTemplateRenderer (real ruby)', () => {
  const renderer = new RubyTemplateRenderer();
  afterAll(() => renderer.close());

  it('p with defaults, nested names, arrays of names and an explicit default', async () => {
    const erb =
      "<%= p('port') %> <%= p('tls.enabled') %> <%= p('tls.cert') %> <%= p(['old.name', 'new.name']) %> <%= p('nope', 'dflt') %> <%= p('list').inspect %>";
    expect(await renderOne(renderer, erb)).toEqual({ content: '8080 false PEM N dflt []' });
  });

  it('if_p with several names, else and else_if_p; properties as OpenStruct', async () => {
    const erb = [
      "<% if_p('port', 'tls.cert') do |port, cert| %>A<%= port %><%= cert %><% end.else do %>B<% end %>",
      "<% if_p('old.name') do |n| %>C<% end.else_if_p('new.name') do |n| %>D<%= n %><% end.else do %>E<% end %>",
      "<% if_p('old.name') do %>F<% end.else do %>G<% end %>",
      '<%= properties.tls.cert %>',
    ].join('|');
    expect(await renderOne(renderer, erb)).toEqual({ content: 'A8080PEM|DN|G|PEM' });
  });

  it('ERB trim mode "-" as the director uses it', async () => {
    const erb = 'a\n  <%- if true -%>\n  b\n  <%- end -%>\nc\n';
    expect(await renderOne(renderer, erb)).toEqual({ content: 'a\n  b\nc\n' });
  });

  it('keeps the protocol clean when a template prints to stdout', async () => {
    expect(await renderOne(renderer, '<% puts "noise"; $stdout.write("more\\n") %>ok')).toEqual({
      content: 'ok',
    });
  });

  it('spec fields', async () => {
    const erb =
      '<%= [spec.name, spec.id, spec.index, spec.az, spec.bootstrap, spec.address, spec.ip, spec.deployment, ' +
      "spec.job.name, spec.release.name, spec.release.version, spec.persistent_disk, spec.networks.default.ip, name, index].join(',') %>";
    expect(await renderOne(renderer, erb)).toEqual({
      content: 'web,id-0,0,z1,true,id-0.web.default.dep.bosh,10.0.0.10,dep,web,rel,1.2,2048,10.0.0.10,web,0',
    });
  });

  it('links: instances, address, p, if_p, if_link with else', async () => {
    const erb = [
      "<%= link('db').instances.map { |i| [i.name, i.id, i.index, i.az, i.address, i.bootstrap].join(':') }.join(' ') %>",
      "<%= link('db').address %>",
      "<%= link('db').p('db.port') %> <%= link('db').p('db.user', 'admin') %>",
      "<% link('db').if_p('db.port') do |port| %>P<%= port %><% end %>",
      "<% if_link('db') do |db| %>L<%= db.instances.size %><% end.else do %>none<% end %>",
      "<% if_link('cache') do |c| %>L<% end.else do %>nocache<% end %>",
    ].join('|');
    expect(await renderOne(renderer, erb)).toEqual({
      content:
        'db:d0:0:z1:d0.db.bosh:true db:d1:1:z2:d1.db.bosh:false|q-s0.db.default.dep.bosh|5432 admin|P5432|L2|nocache',
    });
  });

  it("reports a missing property and a missing link with BOSH's message and line", async () => {
    expect(await renderOne(renderer, "ok\n<%= p('missing.prop') %>\n")).toEqual({
      error: [
        "- Unable to render jobs for instance group 'web'. Errors are:",
        "  - Unable to render templates for job 'app'. Errors are:",
        "    - Error filling in template 't.erb' (line 2: Can't find property '[\"missing.prop\"]')",
      ].join('\n'),
    });
    const missingLink = await renderOne(renderer, "<%= link('nope').address %>");
    expect(missingLink.error).toContain("Error filling in template 't.erb' (line 1: Can't find link 'nope')");
  });

  it('reports an ERB syntax error with the template line in the message', async () => {
    const { error } = await renderOne(renderer, 'a\nb\n<% if %>\n');
    // Ruby 3.1 gives SyntaxError no backtrace line in the template, so BOSH prints "(unknown)" as the line.
    expect(error).toContain("Error filling in template 't.erb' (line (unknown): app/t.erb:3: syntax error");
  });

  it('renders the monit file first; a monit error fails the job with that message alone', async () => {
    const good = await renderer.render([
      instance(0, [job({ 't.erb': 'x' }, { monit: "check <%= p('port') %>" })]),
    ]);
    expect(good[0]).toMatchObject({ ok: true, jobs: [{ monit: 'check 8080', files: [{ content: 'x' }] }] });
    const bad = await renderer.render([instance(0, [job({ 't.erb': 'x' }, { monit: '<%= raise "m" %>' })])]);
    expect(bad[0]).toMatchObject({
      ok: false,
      jobErrors: [{ message: "Error filling in template 'monit' (line 1: m)" }],
    });
  });

  it('renders several instances in one request to one ruby process, and survives the process dying', async () => {
    const starts = renderer.processStarts;
    const erb = "<%= spec.index %>:<%= spec.bootstrap %>:<%= p('port') %>";
    const results = await renderer.render([0, 1, 2].map((i) => instance(i, [job({ 't.erb': erb })])));
    expect(results.map((r) => (r.ok ? r.jobs[0]?.files[0]?.content : r.error))).toEqual([
      '0:true:8080',
      '1:false:8080',
      '2:false:8080',
    ]);
    expect(renderer.processStarts).toBe(starts);
    expect(renderer.processStarts).toBe(1);

    await expect(renderOne(renderer, '<% exit!(3) %>')).rejects.toThrow('ruby exited (exit status 3)');
    expect(await renderOne(renderer, "<%= p('port') %>")).toEqual({ content: '8080' });
    expect(renderer.processStarts).toBe(2);
  });

  it('renders 200 templates quickly once warm', async () => {
    const templates: Record<string, string> = {};
    for (let i = 0; i < 20; i++) {
      templates[`f${i}.erb`] =
        `<% if_p('tls.cert') do |c| %><%= c %><% end %> <%= p('port') %> <%= spec.ip %> ${i}`;
    }
    const batch = Array.from({ length: 10 }, (_, i) => instance(i, [job(templates)]));
    await renderer.render(batch);
    const started = performance.now();
    const results = await renderer.render(batch);
    const elapsed = performance.now() - started;
    console.log(`template renderer: 200 templates in ${elapsed.toFixed(1)} ms (warm)`);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(elapsed).toBeLessThan(5000);
  });
});
