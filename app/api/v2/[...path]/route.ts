export const dynamic = "force-dynamic";

// Unknown Management API paths answer in Auth0's JSON shape rather than with the HTML 404 page,
// so SDKs surface a readable error.
function notFound() {
  return Response.json({ statusCode: 404, error: "Not Found", message: "Not Found" }, { status: 404, headers: { "cache-control": "no-store" } });
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
