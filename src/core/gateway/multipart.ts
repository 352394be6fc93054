// A multipart form as bytes, for the requests that upload files (video references, image edits).

/**
 * The form's bytes and content-type. Encoded here rather than handed to fetch as FormData: the proxy transport's fetch
 * (the undici package) does not recognise the FormData class of Node's built-in fetch and would send
 * "[object FormData]".
 */
export async function encodeForm(form: FormData): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string }> {
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType };
}
