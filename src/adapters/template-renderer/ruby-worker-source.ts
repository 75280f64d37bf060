/**
 * Ruby source of the render worker: the evaluation context object and the stdin/stdout JSON-lines loop.
 * Request: {id, templates: [{filename, erb}], instances: [{spec, jobs: [{spec, monit, files: [{source, template}]}]}]}
 * Response: {id, pid, instances: [{jobs: [{monit, monit_error, files: [{content, error}]}]}]} or {id, fatal}.
 */
export const RUBY_WORKER_SOURCE = String.raw`
  class SpecStruct < OpenStruct
    def methods(regular = true)
      regular ? super(regular) : marshal_dump.keys.map(&:to_sym)
    end
  end

  def self.to_struct(object, klass)
    case object
    when Hash then klass.new(object.each_with_object({}) { |(k, v), h| h[k] = to_struct(v, klass) })
    when Array then object.map { |item| to_struct(item, klass) }
    else object
    end
  end

  class Context
    include Lookup
    attr_reader :name, :index, :properties, :raw_properties, :spec

    def initialize(spec)
      @name = spec['name']
      @index = spec['index']
      @spec = BoshTsTemplates.to_struct(spec, SpecStruct)
      @raw_properties = spec['properties'] || {}
      @properties = BoshTsTemplates.to_struct(@raw_properties, OpenStruct)
      @links = spec['links'] || {}
    end

    def get_binding
      binding
    end

    def p(*args)
      __bosh_ts_p(@raw_properties, args)
    end

    def if_p(*names, &block)
      __bosh_ts_if_p(@raw_properties, names, &block)
    end

    def link(name)
      link_spec = lookup_property(@links, name)
      raise UnknownLink.new(name) unless link_spec.is_a?(Hash) && link_spec.key?('instances')
      Link.new(link_spec)
    end

    def if_link(name)
      link_spec = lookup_property(@links, name)
      return ElseWhenMissing.new(self) unless link_spec.is_a?(Hash) && link_spec.key?('instances')
      yield Link.new(link_spec)
      ElseSkipped.new
    end
  end

  def self.utf8(text)
    text = text.dup.force_encoding(Encoding::UTF_8)
    text.valid_encoding? ? text : text.scrub
  end

  # One template with a fresh context; errors read like the director's.
  def self.render_template(erb, source, frozen_spec)
    { 'content' => utf8(erb.result(Context.new(Marshal.load(frozen_spec)).get_binding)) }
  rescue Exception => e # rubocop:disable Lint/RescueException
    at = (e.backtrace || []).find { |l| l.include?(erb.filename) } || '(unknown):(unknown)'
    { 'error' => utf8("Error filling in template '#{source}' (line #{at.split(':')[1]}: #{e})") }
  end

  def self.render_job(job, instance_spec, erbs)
    frozen = Marshal.dump(instance_spec.merge(job['spec']))
    out = { 'files' => [] }
    if job['monit']
      monit = render_template(erbs.fetch(job['monit']), 'monit', frozen)
      return out.merge('monit_error' => monit['error']) if monit['error']
      out['monit'] = monit['content']
    end
    out['files'] = job['files'].map { |f| render_template(erbs.fetch(f['template']), f['source'], frozen) }
    out
  end

  def self.serve(input, output)
    cache = {}
    while (line = input.gets)
      request = nil
      begin
        request = JSON.parse(line)
        cache.clear if cache.size > 20_000
        erbs = request['templates'].map do |t|
          cache[[t['filename'], t['erb']]] ||= ERB.new(t['erb'], trim_mode: '-').tap { |e| e.filename = t['filename'] }
        end
        instances = request['instances'].map do |instance|
          { 'jobs' => instance['jobs'].map { |job| render_job(job, instance['spec'], erbs) } }
        end
        response = { 'id' => request['id'], 'pid' => Process.pid, 'instances' => instances }
      rescue Exception => e # rubocop:disable Lint/RescueException
        response = { 'id' => request.is_a?(Hash) ? request['id'] : nil, 'fatal' => "#{e.class}: #{e.message}" }
      end
      output.write(JSON.generate(response) + "\n")
      output.flush
    end
  end
end

Encoding.default_external = Encoding::UTF_8
protocol_out = STDOUT.dup
protocol_out.sync = true
# Templates that print must not corrupt the protocol: their output goes to stderr.
STDOUT.reopen(STDERR)
STDIN.set_encoding(Encoding::UTF_8)
BoshTsTemplates.serve(STDIN, protocol_out)
`;
