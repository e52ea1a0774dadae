import { IncomingRequest, OutgoingResponse, TriggerApp } from "./_shared/src-request-incoming.js";
import { FromSettings, PlatformOptions } from "./_shared/adapters-options.js";
import { Writable } from "node:stream";

//#region node_modules/@types/aws-lambda/common/api-gateway.d.ts
// Default authorizer type, prefer using a specific type with the "...WithAuthorizer..." variant types.
// Note that this doesn't have to be a context from a custom lambda outhorizer, AWS also has a cognito
// authorizer type and could add more, so the property won't always be a string.
type APIGatewayEventDefaultAuthorizerContext = undefined | null | {
  [name: string]: any;
};
// The requestContext property of both request authorizer and proxy integration events.
interface APIGatewayEventRequestContextWithAuthorizer<TAuthorizerContext> {
  accountId: string;
  apiId: string; // This one is a bit confusing: it is not actually present in authorizer calls
  // and proxy calls without an authorizer. We model this by allowing undefined in the type,
  // since it ends up the same and avoids breaking users that are testing the property.
  // This lets us allow parameterizing the authorizer for proxy events that know what authorizer
  // context values they have.
  authorizer: TAuthorizerContext;
  connectedAt?: number | undefined;
  connectionId?: string | undefined;
  domainName?: string | undefined;
  domainPrefix?: string | undefined;
  eventType?: string | undefined;
  extendedRequestId?: string | undefined;
  protocol: string;
  httpMethod: string;
  identity: APIGatewayEventIdentity;
  messageDirection?: string | undefined;
  messageId?: string | null | undefined;
  path: string;
  stage: string;
  requestId: string;
  requestTime?: string | undefined;
  requestTimeEpoch: number;
  resourceId: string;
  resourcePath: string;
  routeKey?: string | undefined;
}
interface APIGatewayEventClientCertificate {
  clientCertPem: string;
  serialNumber: string;
  subjectDN: string;
  issuerDN: string;
  validity: {
    notAfter: string;
    notBefore: string;
  };
}
interface APIGatewayEventIdentity {
  accessKey: string | null;
  accountId: string | null;
  apiKey: string | null;
  apiKeyId: string | null;
  caller: string | null;
  clientCert: APIGatewayEventClientCertificate | null;
  cognitoAuthenticationProvider: string | null;
  cognitoAuthenticationType: string | null;
  cognitoIdentityId: string | null;
  cognitoIdentityPoolId: string | null;
  principalOrgId: string | null;
  sourceIp: string;
  user: string | null;
  userAgent: string | null;
  userArn: string | null;
  vpcId?: string | undefined;
  vpceId?: string | undefined;
}
//#endregion
//#region node_modules/@types/aws-lambda/handler.d.ts
/**
 * {@link Handler} context parameter.
 * See {@link https://docs.aws.amazon.com/lambda/latest/dg/nodejs-prog-model-context.html AWS documentation}.
 */
interface Context {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  identity?: CognitoIdentity | undefined;
  clientContext?: ClientContext | undefined;
  tenantId?: string | undefined;
  getRemainingTimeInMillis(): number; // Functions for compatibility with earlier Node.js Runtime v0.10.42
  // No longer documented, so they are deprecated, but they still work
  // as of the 12.x runtime, so they are not removed from the types.
  /** @deprecated Use handler callback or promise result */
  done(error?: Error, result?: any): void;
  /** @deprecated Use handler callback with first argument or reject a promise result */
  fail(error: Error | string): void;
  /** @deprecated Use handler callback with second argument or resolve a promise result */
  succeed(messageOrObject: any): void; // Unclear what behavior this is supposed to have, I couldn't find any still extant reference,
  // and it behaves like the above, ignoring the object parameter.
  /** @deprecated Use handler callback or promise result */
  succeed(message: string, object: any): void;
}
interface CognitoIdentity {
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
}
interface ClientContext {
  client: ClientContextClient;
  custom?: any;
  env: ClientContextEnv;
}
interface ClientContextClient {
  installationId: string;
  appTitle: string;
  appVersionName: string;
  appVersionCode: string;
  appPackageName: string;
}
interface ClientContextEnv {
  platformVersion: string;
  platform: string;
  make: string;
  model: string;
  locale: string;
}
/**
 * Interface for using response streaming from AWS Lambda.
 * To indicate to the runtime that Lambda should stream your function’s responses, you must wrap your function handler with the `awslambda.streamifyResponse()` decorator.
 *
 * The `streamifyResponse` decorator accepts the following additional parameter, `responseStream`, besides the default node handler parameters, `event`, and `context`.
 * The new `responseStream` object provides a stream object that your function can write data to. Data written to this stream is sent immediately to the client. You can optionally set the Content-Type header of the response to pass additional metadata to your client about the contents of the stream.
 *
 * {@link https://aws.amazon.com/blogs/compute/introducing-aws-lambda-response-streaming/ AWS blog post}
 * {@link https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html AWS documentation}
 *
 * @example <caption>Writing to the response stream</caption>
 * import 'aws-lambda';
 *
 * export const handler = awslambda.streamifyResponse(
 *   async (event, responseStream, context) => {
 *       responseStream.setContentType("text/plain");
 *       responseStream.write("Hello, world!");
 *       responseStream.end();
 *   }
 * );
 *
 * @example <caption>Using pipeline</caption>
 * import 'aws-lambda';
 * import { Readable } from 'stream';
 * import { pipeline } from 'stream/promises';
 * import zlib from 'zlib';
 *
 * export const handler = awslambda.streamifyResponse(
 *   async (event, responseStream, context) => {
 *     // As an example, convert event to a readable stream.
 *     const requestStream = Readable.from(Buffer.from(JSON.stringify(event)));
 *
 *     await pipeline(requestStream, zlib.createGzip(), responseStream);
 *   }
 * );
 */
type StreamifyHandler<TEvent = any, TResult = any> = (event: TEvent, responseStream: awslambda.HttpResponseStream, context: Context) => TResult | Promise<TResult>;
declare global {
  namespace awslambda {
    class HttpResponseStream extends Writable {
      static from(writable: Writable, metadata: Record<string, unknown>): HttpResponseStream;
      setContentType: (contentType: string) => void;
    }
    /**
     * Decorator for using response streaming from AWS Lambda.
     * To indicate to the runtime that Lambda should stream your function’s responses, you must wrap your function handler with the `awslambda.streamifyResponse()` decorator.
     *
     * The `streamifyResponse` decorator accepts the following additional parameter, `responseStream`, besides the default node handler parameters, `event`, and `context`.
     * The new `responseStream` object provides a stream object that your function can write data to. Data written to this stream is sent immediately to the client. You can optionally set the Content-Type header of the response to pass additional metadata to your client about the contents of the stream.
     *
     * {@link https://aws.amazon.com/blogs/compute/introducing-aws-lambda-response-streaming/ AWS blog post}
     * {@link https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html AWS documentation}
     *
     * @example <caption>Writing to the response stream</caption>
     * import 'aws-lambda';
     *
     * export const handler = awslambda.streamifyResponse(
     *   async (event, responseStream, context) => {
     *       responseStream.setContentType("text/plain");
     *       responseStream.write("Hello, world!");
     *       responseStream.end();
     *   }
     * );
     *
     * @example <caption>Using pipeline</caption>
     * import 'aws-lambda';
     * import { Readable } from 'stream';
     * import { pipeline } from 'stream/promises';
     * import zlib from 'zlib';
     *
     * export const handler = awslambda.streamifyResponse(
     *   async (event, responseStream, context) => {
     *     // As an example, convert event to a readable stream.
     *     const requestStream = Readable.from(Buffer.from(JSON.stringify(event)));
     *
     *     await pipeline(requestStream, zlib.createGzip(), responseStream);
     *   }
     * );
     */
    function streamifyResponse<TEvent = any, TResult = void>(handler: StreamifyHandler<TEvent, TResult>): StreamifyHandler<TEvent, TResult>;
  }
}
//#endregion
//#region node_modules/@types/aws-lambda/trigger/alb.d.ts
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
interface ALBEventRequestContext {
  elb: {
    targetGroupArn: string;
  };
}
interface ALBEventQueryStringParameters {
  [name: string]: string | undefined;
}
interface ALBEventHeaders {
  [name: string]: string | undefined;
}
interface ALBEventMultiValueHeaders {
  [name: string]: string[] | undefined;
}
interface ALBEventMultiValueQueryStringParameters {
  [name: string]: string[] | undefined;
}
interface ALBEvent {
  requestContext: ALBEventRequestContext;
  httpMethod: string;
  path: string;
  queryStringParameters?: ALBEventQueryStringParameters | undefined; // URL encoded
  headers?: ALBEventHeaders | undefined;
  multiValueQueryStringParameters?: ALBEventMultiValueQueryStringParameters | undefined; // URL encoded
  multiValueHeaders?: ALBEventMultiValueHeaders | undefined;
  body: string | null;
  isBase64Encoded: boolean;
}
interface ALBResult {
  statusCode: number;
  statusDescription?: string | undefined;
  headers?: {
    [header: string]: boolean | number | string;
  } | undefined;
  multiValueHeaders?: {
    [header: string]: Array<boolean | number | string>;
  } | undefined;
  body?: string | undefined;
  isBase64Encoded?: boolean | undefined;
}
//#endregion
//#region node_modules/@types/aws-lambda/trigger/api-gateway-proxy.d.ts
/**
 * Works with Lambda Proxy Integration for Rest API or HTTP API integration Payload Format version 1.0
 * @see - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
type APIGatewayProxyEvent = APIGatewayProxyEventBase<APIGatewayEventDefaultAuthorizerContext>;
interface APIGatewayProxyEventHeaders {
  [name: string]: string | undefined;
}
interface APIGatewayProxyEventMultiValueHeaders {
  [name: string]: string[] | undefined;
}
interface APIGatewayProxyEventPathParameters {
  [name: string]: string | undefined;
}
interface APIGatewayProxyEventQueryStringParameters {
  [name: string]: string | undefined;
}
interface APIGatewayProxyEventMultiValueQueryStringParameters {
  [name: string]: string[] | undefined;
}
interface APIGatewayProxyEventStageVariables {
  [name: string]: string | undefined;
}
interface APIGatewayProxyEventBase<TAuthorizerContext> {
  body: string | null;
  headers: APIGatewayProxyEventHeaders;
  multiValueHeaders: APIGatewayProxyEventMultiValueHeaders;
  httpMethod: string;
  isBase64Encoded: boolean;
  path: string;
  pathParameters: APIGatewayProxyEventPathParameters | null;
  queryStringParameters: APIGatewayProxyEventQueryStringParameters | null;
  multiValueQueryStringParameters: APIGatewayProxyEventMultiValueQueryStringParameters | null;
  stageVariables: APIGatewayProxyEventStageVariables | null;
  requestContext: APIGatewayEventRequestContextWithAuthorizer<TAuthorizerContext>;
  resource: string;
}
/**
 * Works with Lambda Proxy Integration for Rest API or HTTP API integration Payload Format version 1.0
 * @see - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
interface APIGatewayProxyResult {
  statusCode: number;
  headers?: {
    [header: string]: boolean | number | string;
  } | undefined;
  multiValueHeaders?: {
    [header: string]: Array<boolean | number | string>;
  } | undefined;
  body: string;
  isBase64Encoded?: boolean | undefined;
}
/**
 * Works with HTTP API integration Payload Format version 2.0
 * @see - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
interface APIGatewayEventRequestContextV2 {
  accountId: string;
  apiId: string;
  authentication?: {
    clientCert: APIGatewayEventClientCertificate;
  };
  domainName: string;
  domainPrefix: string;
  http: {
    method: string;
    path: string;
    protocol: string;
    sourceIp: string;
    userAgent: string;
  };
  requestId: string;
  routeKey: string;
  stage: string;
  time: string;
  timeEpoch: number;
}
/**
 * Proxy Event with adaptable requestContext for different authorizer scenarios
 */
interface APIGatewayProxyEventV2WithRequestContext<TRequestContext> {
  version: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: APIGatewayProxyEventHeaders;
  queryStringParameters?: APIGatewayProxyEventQueryStringParameters;
  requestContext: TRequestContext;
  body?: string;
  pathParameters?: APIGatewayProxyEventPathParameters;
  isBase64Encoded: boolean;
  stageVariables?: APIGatewayProxyEventStageVariables;
}
/**
 * Default Proxy event with no Authorizer
 */
type APIGatewayProxyEventV2 = APIGatewayProxyEventV2WithRequestContext<APIGatewayEventRequestContextV2>;
/**
 * Interface for structured response with `statusCode` and`headers`
 * Works with HTTP API integration Payload Format version 2.0
 * @see - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
interface APIGatewayProxyStructuredResultV2 {
  statusCode?: number | undefined;
  headers?: {
    [header: string]: boolean | number | string;
  } | undefined;
  body?: string | undefined;
  isBase64Encoded?: boolean | undefined;
  cookies?: string[] | undefined;
}
//#endregion
//#region node_modules/@types/aws-lambda/trigger/lambda-function-url.d.ts
/**
 * Default Lambda Function URL event with no Authorizer
 */
type LambdaFunctionURLEvent = APIGatewayProxyEventV2;
//#endregion
//#region adapters/lambda/index.d.ts
/** Every event shape that can carry a Trigger POST to this function. */
type TriggerEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | LambdaFunctionURLEvent | ALBEvent;
type TriggerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult;
type LambdaHandler = (event: TriggerEvent, context?: Context) => Promise<TriggerResult>;
/** Work deferred while one event is handled, settled before the handler returns. */
interface LambdaDeferrals {
  defer(task: Promise<unknown>): void;
  settle(): Promise<void>;
}
/**
 * Lambda has no waitUntil: work a flow defers (e.g. an SMS receipt) is awaited after the answer is ready and before
 * the handler returns, for at most `limitMs`, since a frozen instance would otherwise drop it.
 */
declare function lambdaDeferrals(limitMs?: number): LambdaDeferrals;
interface LambdaOptions<Env extends object> extends PlatformOptions<Env> {
  /** How long deferred work may hold the handler's return (default 1500 ms). */
  readonly deferLimitMs?: number;
}
/**
 * A trigger app as a Lambda handler: `export const handler = toLambdaHandler(app, { store })`. The runtime is built
 * once, when the module loads (`TRIGGER_TOKEN`, `TIME_ZONE`, `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN` and the
 * app's services from `process.env` unless given; `deps.once` claims in the DynamoDB table `CLAIMS_TABLE`, at
 * `DYNAMODB_ENDPOINT` for a local one). Each event type (REST API v1, HTTP API v2 and Function URLs, ALB) is read as it
 * comes, base64 bodies included, and answered in its own result shape: no Web `Request` or `Response` is made.
 */
declare function toLambdaHandler<Env extends object>(app: TriggerApp<Env>, options?: LambdaOptions<Env>): LambdaHandler;
/** What the engine reads of an event, straight from it. */
declare function incomingFromEvent(event: TriggerEvent): IncomingRequest;
/** The answer in the event's own result shape (an ALB with multi-value headers on wants them back that way). */
declare function resultFor(event: TriggerEvent, outgoing: OutgoingResponse): TriggerResult;
//#endregion
export { type FromSettings, LambdaDeferrals, LambdaHandler, LambdaOptions, type PlatformOptions, TriggerEvent, TriggerResult, incomingFromEvent, lambdaDeferrals, resultFor, toLambdaHandler };
