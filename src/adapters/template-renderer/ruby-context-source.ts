/**
 * Ruby source of the template evaluation context: BOSH's template API (p, if_p/else/else_if_p, link, if_link,
 * spec, properties, name, index) written for bosh-ts. Kept as a string so bundles need no extra files.
 */
export const RUBY_CONTEXT_SOURCE = String.raw`
require 'erb'
require 'json'
require 'yaml'
require 'ostruct'
require 'shellwords'

begin
  require 'active_support'
  require 'active_support/core_ext/object/blank'
rescue LoadError
  # The two ActiveSupport helpers templates rely on.
  class Object
    def blank?
      respond_to?(:empty?) ? !!empty? : !self
    end

    def present?
      !blank?
    end
  end

  class String
    def blank?
      /\A[[:space:]]*\z/.match?(self)
    end
  end

  class Numeric
    def blank?
      false
    end
  end
end

module BoshTsTemplates
  class UnknownProperty < StandardError
    def initialize(names)
      super("Can't find property '#{names}'")
    end
  end

  class UnknownLink < StandardError
    def initialize(name)
      super("Can't find link '#{name}'")
    end
  end

  # Shared by the context, links and link instances.
  module Lookup
    def lookup_property(collection, name)
      return nil if collection.nil?
      ref = collection
      name.split('.').each do |key|
        ref = ref[key]
        return nil if ref.nil?
      end
      ref
    end

    def __bosh_ts_p(collection, args)
      names = Array(args[0])
      names.each do |name|
        value = lookup_property(collection, name)
        return value unless value.nil?
      end
      return args[1] if args.length == 2
      raise UnknownProperty.new(names)
    end

    def __bosh_ts_if_p(collection, names)
      values = []
      names.each do |name|
        value = lookup_property(collection, name)
        return ElseWhenMissing.new(self) if value.nil?
        values << value
      end
      yield(*values)
      ElseSkipped.new
    end
  end

  # Returned when the condition failed: the else branches run.
  class ElseWhenMissing
    def initialize(owner)
      @owner = owner
    end

    def else
      yield
    end

    def else_if_p(*names, &block)
      @owner.if_p(*names, &block)
    end

    def else_if_link(name, &block)
      @owner.if_link(name, &block)
    end
  end

  # Returned when the condition held: every else branch is skipped.
  class ElseSkipped
    def else; end

    def else_if_p(*_names)
      ElseSkipped.new
    end

    def else_if_link(_name)
      ElseSkipped.new
    end
  end

  class LinkInstance
    include Lookup
    attr_reader :name, :index, :id, :az, :address, :properties, :bootstrap

    def initialize(spec)
      @name = spec['name']
      @index = spec['index']
      @id = spec['id']
      @az = spec['az']
      @address = spec['address']
      @properties = spec['properties']
      @bootstrap = spec['bootstrap']
    end

    def p(*args)
      __bosh_ts_p(@properties, args)
    end

    def if_p(*names, &block)
      __bosh_ts_if_p(@properties, names, &block)
    end
  end

  class Link
    include Lookup
    attr_reader :instances, :properties

    def initialize(spec)
      @instances = (spec['instances'] || []).map { |i| LinkInstance.new(i) }
      @properties = spec['properties']
      @link_address = spec['address']
    end

    def p(*args)
      __bosh_ts_p(@properties, args)
    end

    def if_p(*names, &block)
      __bosh_ts_if_p(@properties, names, &block)
    end

    def address(_criteria = {})
      raise NotImplementedError, 'link.address requires bosh director' if @link_address.nil?
      @link_address
    end
  end
`;
