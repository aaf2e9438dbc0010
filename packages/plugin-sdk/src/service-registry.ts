/**
 * Services a plugin provides (`provides` in plugin.yaml). The plugin
 * registers Connect implementations on a ConnectRouter as it would for any
 * Connect server; the host tunnels calls to them over the plugin's stream as
 * ServiceCallRequest frames, which this registry decodes, runs and encodes.
 */
import {
  create,
  type DescMethod,
  type DescService,
  fromBinary,
  type MessageInitShape,
  toBinary,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createHandlerContext,
  createMethodImplSpec,
  createServiceImplSpec,
  type MethodImplSpec,
} from "@connectrpc/connect";
import type { ServiceCallRequest, ServiceCallResponseSchema } from "@holomush/proto";

export interface ServiceRegistry {
  /** Hand this to `registerServices`: `router.service(MyService, impl)`. */
  readonly router: ConnectRouter;
  /** Fully-qualified names of the registered services (sent in the hello). */
  serviceNames(): string[];
  /** Runs one tunneled call; errors become a Connect code in the response. */
  call(request: ServiceCallRequest, signal: AbortSignal): Promise<MessageInitShape<typeof ServiceCallResponseSchema>>;
}

export function createServiceRegistry(): ServiceRegistry {
  const methods = new Map<string, { service: DescService; spec: MethodImplSpec }>();
  const services = new Set<string>();

  const add = (service: DescService, spec: MethodImplSpec) => {
    services.add(service.typeName);
    methods.set(`${service.typeName}/${spec.method.name}`, { service, spec });
  };

  const router: ConnectRouter = {
    handlers: [],
    service(service, implementation) {
      const spec = createServiceImplSpec(service, implementation);
      for (const method of Object.values(spec.methods)) add(service, method);
      return router;
    },
    rpc(method, implementation) {
      add(method.parent, createMethodImplSpec(method, implementation));
      return router;
    },
  };

  return {
    router,
    serviceNames: () => [...services],
    async call(request, signal) {
      const found = methods.get(`${request.service}/${request.method}`);
      try {
        if (!found) throw new ConnectError(`${request.service}/${request.method} is not served`, Code.Unimplemented);
        const { service, spec } = found;
        if (spec.kind !== "unary") throw new ConnectError(`${spec.method.name} is not unary`, Code.Unimplemented);
        const context = createHandlerContext({
          service,
          method: spec.method as DescMethod,
          protocolName: "holomush-tunnel",
          requestMethod: "POST",
          url: `/${request.service}/${request.method}`,
          requestHeader: request.caller ? { "holomush-caller": request.caller } : {},
          requestSignal: signal,
        });
        const output = await spec.impl(fromBinary(spec.method.input, request.message), context);
        return { message: toBinary(spec.method.output, create(spec.method.output, output)), code: 0 };
      } catch (error) {
        const connectError = ConnectError.from(error);
        return { code: connectError.code, errorMessage: connectError.rawMessage };
      }
    },
  };
}
