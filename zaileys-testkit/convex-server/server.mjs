// Test double of a Convex deployment, for the Java tests of the Convex stores.
//
// Runs the project's own functions (examples/convex: schema.ts, zaileys.ts) in
// convex-test, Convex's JS test backend, behind a small HTTP server speaking the
// part of Convex's HTTP API the stores use. It is not Convex: one process, data in
// memory, every function call serialized.
//
// Usage: node server.mjs [port] [--functions <dir>] [--ignore-stdin]
//   port            TCP port on 127.0.0.1; 0 (default) picks a free one.
//                   Also read from ZAILEYS_CONVEX_TEST_PORT when not given.
//   --functions     folder holding schema.ts and the function modules
//                   (default: ../../examples/convex, next to this file).
//   --ignore-stdin  keep running when stdin closes (by default the server exits
//                   then, so a parent process that dies takes it down).
// Prints "LISTENING <port>" on stdout once it serves requests; everything else
// (function console output included) goes to stderr.
//
// Endpoints:
//   POST /api/query | /api/mutation | /api/action
//        body {"path": "zaileys:get", "args": {...}, "format": "json"}
//        200 {"status":"success","value":<json>,"logLines":[]}
//        560 {"status":"error","errorMessage":"...","logLines":[]} (+ "errorData" for a ConvexError)
//        400 {"code":"...","message":"..."} for a malformed request
//   POST /__reset  drops all data (a fresh convex-test instance); 200 {"status":"success"}
//   GET  /__health 200 {"status":"ok"}

import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex } from "convex/values";

const here = dirname(fileURLToPath(import.meta.url));
const MAX_BODY_BYTES = 32 * 1024 * 1024;

// Function output must not reach stdout, which carries the LISTENING line.
for (const level of ["log", "info", "debug", "warn"]) console[level] = console.error;

function parseCommandLine(argv) {
  const options = {
    port: process.env.ZAILEYS_CONVEX_TEST_PORT ?? "0",
    functions: resolve(here, "../../examples/convex"),
    watchStdin: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--ignore-stdin") options.watchStdin = false;
    else if (arg === "--functions" && i + 1 < argv.length) options.functions = resolve(argv[++i]);
    else if (/^\d+$/.test(arg)) options.port = arg;
    else throw new Error(`unknown argument: ${arg}`);
  }
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port: ${options.port}`);
  return { ...options, port };
}

function listTypeScript(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") files.push(...listTypeScript(path));
    else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

// Convex code imports siblings without extensions ("./_generated/server"); Node's
// ESM loader needs them, so relative specifiers without one get ".js".
function addJsExtensions(code) {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*?)\2/g,
    (match, head, quote, specifier) =>
      /\.[cm]?js$/.test(specifier) ? match : `${head}${quote}${specifier}.js${quote}`,
  );
}

// Builds left behind by servers that were killed (SIGKILL skips the exit hook).
function removeStaleBuilds(cache) {
  for (const name of readdirSync(cache)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if (e.code === "ESRCH") rmSync(join(cache, name), { recursive: true, force: true });
    }
  }
}

// Transpiles the function folder into a fresh folder under node_modules, so that
// "convex/..." imports resolve to the same convex package convex-test uses.
function build(functionsDir) {
  const sources = listTypeScript(functionsDir);
  if (!sources.some((path) => path.endsWith("schema.ts"))) {
    throw new Error(`no schema.ts in ${functionsDir}`);
  }
  const cache = join(here, "node_modules", ".zaileys-convex-build");
  mkdirSync(cache, { recursive: true });
  removeStaleBuilds(cache);
  const outDir = mkdtempSync(join(cache, `run-${process.pid}-`));
  for (const source of sources) {
    const rel = relative(functionsDir, source).replace(/\.ts$/, ".js");
    const out = join(outDir, rel);
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(source, "utf8"), {
      fileName: source,
      reportDiagnostics: true,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: false,
        isolatedModules: true,
        sourceMap: false,
      },
    });
    if (diagnostics?.length) {
      const text = ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => process.cwd(),
        getNewLine: () => "\n",
      });
      throw new Error(`cannot transpile ${source}:\n${text}`);
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, addJsExtensions(outputText));
  }
  writeFileSync(join(outDir, "package.json"), '{"type":"module"}\n');
  return outDir;
}

async function loadFunctions(outDir) {
  const modules = {};
  for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const url = pathToFileURL(path).href;
    modules[path] = () => import(url);
  }
  const schema = (await import(pathToFileURL(join(outDir, "schema.js")).href)).default;
  // Fail at startup, not on the first request, when a module cannot load.
  await Promise.all(Object.values(modules).map((load) => load()));
  return { schema, modules };
}

class BadRequest extends Error {
  constructor(code, message, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

function readBody(request) {
  return new Promise((resolvePromise, reject) => {
    const chunks = [];
    let size = 0;
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest("BodyTooLarge", `request body over ${MAX_BODY_BYTES} bytes`, 413));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolvePromise(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseCall(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new BadRequest("BadJsonBody", `request body is not JSON: ${e.message}`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new BadRequest("BadJsonBody", "request body must be a JSON object");
  }
  const { path, format } = body;
  if (typeof path !== "string" || !/^[A-Za-z0-9_\-/.]+(:[A-Za-z_$][\w$]*)?$/.test(path)) {
    throw new BadRequest("BadConvexFunctionPath", `invalid function path: ${JSON.stringify(path)}`);
  }
  if (format !== undefined && format !== "json" && format !== "convex_encoded_json") {
    throw new BadRequest("BadFormat", `unsupported format: ${JSON.stringify(format)}`);
  }
  // The HTTP API takes the arguments object itself; Convex's own clients send [args].
  let args = body.args ?? {};
  if (Array.isArray(args) && args.length === 1) args = args[0];
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    throw new BadRequest("BadJsonBody", "args must be a JSON object");
  }
  try {
    args = jsonToConvex(args);
  } catch (e) {
    throw new BadRequest("BadJsonBody", `args are not valid Convex JSON: ${e.message}`);
  }
  const [module, name = "default"] = path.split(":");
  return { udfPath: `${module.replace(/\.[cm]?[jt]s$/, "")}:${name}`, args };
}

function send(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

function functionError(error, udfPath) {
  let message = error instanceof Error ? error.message : String(error);
  if (/^Could not find module for:|^Expected a Convex function exported from module/.test(message)) {
    message = `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`;
  }
  const body = { status: "error", errorMessage: message, logLines: [] };
  if (error instanceof ConvexError || (error && typeof error === "object" && "data" in error && error.name === "ConvexError")) {
    try {
      body.errorData = convexToJson(error.data);
    } catch {
      body.errorData = null;
    }
  }
  return body;
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2));
  const outDir = build(options.functions);
  const cleanUp = () => rmSync(outDir, { recursive: true, force: true });
  process.on("exit", cleanUp);
  const { schema, modules } = await loadFunctions(outDir);
  const fresh = () => convexTest({ schema, modules, transactionLimits: true });
  let backend = fresh();

  // One call at a time, in arrival order (also keeps /__reset atomic).
  let queue = Promise.resolve();
  const serialized = (task) => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  const kinds = { "/api/query": "query", "/api/mutation": "mutation", "/api/action": "action" };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    try {
      if (url.pathname === "/__health" && request.method === "GET") {
        send(response, 200, { status: "ok" });
        return;
      }
      const kind = kinds[url.pathname];
      if (kind === undefined && url.pathname !== "/__reset") {
        throw new BadRequest("NotFound", `no route ${request.method} ${url.pathname}`, 404);
      }
      if (request.method !== "POST") {
        throw new BadRequest("MethodNotAllowed", `${url.pathname} takes POST`, 405);
      }
      const text = await readBody(request);
      if (kind === undefined) {
        await serialized(() => {
          backend = fresh();
        });
        send(response, 200, { status: "success" });
        return;
      }
      const { udfPath, args } = parseCall(text);
      const reference = makeFunctionReference(udfPath);
      try {
        const value = await serialized(() => backend[kind](reference, args));
        send(response, 200, { status: "success", value: convexToJson(value ?? null), logLines: [] });
      } catch (error) {
        send(response, 560, functionError(error, udfPath));
      }
    } catch (error) {
      if (error instanceof BadRequest) {
        send(response, error.status, { code: error.code, message: error.message });
      } else {
        console.error(error);
        send(response, 500, { code: "InternalServerError", message: String(error?.message ?? error) });
      }
    }
  });
  // Java's HttpClient keeps idle connections for a long time; never close them
  // from this side first, or a reused connection fails.
  server.keepAliveTimeout = 0;

  const shutdown = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  if (options.watchStdin) {
    process.stdin.on("end", shutdown);
    process.stdin.on("close", shutdown);
    process.stdin.on("error", shutdown);
    process.stdin.resume();
  }

  server.listen(options.port, "127.0.0.1", () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
}

main().catch((error) => {
  console.error(`convex test server failed: ${error?.stack ?? error}`);
  process.exit(1);
});
