/** A fetch that records every request exactly as the client sent it, and answers from a script. */

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string | undefined;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

export function envelope(
  result: unknown,
  init: ResponseInit & { success?: boolean; errors?: unknown[] } = {},
) {
  const { success = true, errors = [], ...rest } = init;
  return new Response(JSON.stringify({ success, errors, messages: [], result }), {
    status: 200,
    ...rest,
    headers: { "content-type": "application/json", ...(rest.headers as Record<string, string>) },
  });
}

export function failure(status: number, code: number, message: string, headers: Record<string, string> = {}) {
  return new Response(
    JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null }),
    {
      status,
      headers: { "content-type": "application/json", ...headers },
    },
  );
}

export function recordingFetch(responder: Responder = () => envelope({})) {
  const calls: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const rawBody = request.body ? await request.text() : undefined;
    const recorded: RecordedRequest = {
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      rawBody,
      body: rawBody === undefined ? undefined : JSON.parse(rawBody),
    };
    calls.push(recorded);
    return responder(recorded, calls.length - 1);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}
