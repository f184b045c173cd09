// Deterministic CRI corpus for the grouping benchmark (issue 7): the application messages of corpus.mjs mixed with
// realistic stack traces, as a container's log file holds them. Same seed → same bytes.
//
//   makeGroupCorpus(targetBytes, { traces = true } = {}) → { bytes, lines, records, traces, traceRecords }
//
// bytes: whole CRI lines (`TS stream F|P content\n`), at least targetBytes long, stopping between events when no
// piece is pending. records = CRI records after the partial-line join (the grouping stage's input lines);
// lines = physical lines; traces = stack traces written; traceRecords = records that belong to a trace (about 30 %
// of records with traces on, 0 without).
//
// Shape: Java (Spring-style, with a logger header line before it half of the time, `Caused by:` and `... N common
// frames omitted`), Python (Flask-style, 3.11+ caret lines, chained exceptions), Go (panics with `[signal …`,
// goroutine headers, `created by`) and Node (plain `Error:` traces and the uncaught-exception block with source
// header, caret, inspected object and `Node.js vN` footer). A trace is written to one stream without lines of its own
// stream in between (one write per trace, as loggers do), but lines of the OTHER stream interleave with it; about
// 12 % of trace lines longer than 40 characters are split into CRI `P` pieces (the runtime splits long lines), and
// so are 10 % of the other messages, as in corpus.mjs. `{ traces: false }` gives the same kind of file without any
// trace (the cost of grouping on trace-free logs).
import { clock, joinParts, splitMessage } from './corpus.mjs';
import { message, rng } from './messages.mjs';

const pick = (r, a) => a[Math.floor(r() * a.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const hex = (r, n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');

// ---- Java ---------------------------------------------------------------------------------------------------
const JAVA_EXC = [
  ['java.lang.IllegalStateException', 'Order {n} is not in a payable state'],
  ['java.lang.NullPointerException', 'Cannot invoke "com.acme.orders.Customer.getId()" because "customer" is null'],
  ['org.springframework.dao.DataAccessResourceFailureException', 'Unable to acquire JDBC Connection'],
  ['java.util.concurrent.TimeoutException', 'Timed out after 5000 ms waiting for inventory-service'],
  ['com.fasterxml.jackson.databind.exc.InvalidFormatException', 'Cannot deserialize value of type `java.time.Instant` from String "{n}"'],
  ['java.lang.IllegalArgumentException', 'quantity must be positive: -{n}'],
];
const JAVA_CAUSE = [
  ['java.net.SocketTimeoutException', 'Read timed out'],
  ['org.postgresql.util.PSQLException', 'Connection to db:5432 refused. Check that the hostname and port are correct'],
  ['java.io.IOException', 'Broken pipe'],
];
const APP_FRAMES = ['com.acme.orders.service.OrderService.pay', 'com.acme.orders.web.OrderController.checkout',
  'com.acme.orders.repo.OrderRepository.findByIdForUpdate', 'com.acme.payments.client.PaymentClient.charge',
  'com.acme.common.retry.Retrier.call', 'com.acme.inventory.StockReservation.reserve'];
const LIB_FRAMES = [
  ['org.springframework.web.servlet.FrameworkServlet.processRequest', 'FrameworkServlet', 'spring-webmvc-6.1.2.jar:6.1.2'],
  ['org.springframework.web.servlet.DispatcherServlet.doDispatch', 'DispatcherServlet', 'spring-webmvc-6.1.2.jar:6.1.2'],
  ['jakarta.servlet.http.HttpServlet.service', 'HttpServlet', 'tomcat-embed-core-10.1.17.jar:6.0'],
  ['org.apache.catalina.core.ApplicationFilterChain.doFilter', 'ApplicationFilterChain', 'tomcat-embed-core-10.1.17.jar:10.1.17'],
  ['org.springframework.transaction.interceptor.TransactionInterceptor.invoke', 'TransactionInterceptor', 'spring-tx-6.1.2.jar:6.1.2'],
  ['org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run', 'ThreadPoolExecutor', 'tomcat-embed-core-10.1.17.jar:10.1.17'],
  ['java.base/java.lang.Thread.run', 'Thread', '?:?'],
];
function javaFrame(r) {
  if (r() < 0.4) {
    const m = pick(r, APP_FRAMES);
    const cls = m.split('.').slice(-2, -1)[0];
    return `\tat ${m}(${cls}.java:${int(r, 20, 900)}) ~[classes/:na]`;
  }
  const [m, cls, jar] = pick(r, LIB_FRAMES);
  return `\tat ${m}(${cls}.java:${int(r, 50, 2000)}) ~[${jar}]`;
}
function javaTrace(r, ts) {
  const out = [];
  if (r() < 0.5) {
    out.push(`${ts.slice(0, 10)} ${ts.slice(11, 23)} ERROR 1 --- [nio-8080-exec-${int(r, 1, 9)}] c.a.o.web.OrderController : ` +
      `Request processing failed for POST /api/v1/orders/${int(r, 1000, 99999)}/pay`);
  }
  const [exc, msg] = pick(r, JAVA_EXC);
  out.push(`${exc}: ${msg.replace('{n}', String(int(r, 1, 99999)))}`);
  for (let i = int(r, 6, 30); i > 0; i--) out.push(javaFrame(r));
  if (r() < 0.4) {
    const [c, cm] = pick(r, JAVA_CAUSE);
    out.push(`Caused by: ${c}: ${cm}`);
    for (let i = int(r, 3, 8); i > 0; i--) out.push(javaFrame(r));
    out.push(r() < 0.5 ? `\t... ${int(r, 10, 60)} common frames omitted` : `\t... ${int(r, 10, 60)} more`);
  }
  return out;
}

// ---- Python -------------------------------------------------------------------------------------------------
const PY_FRAMES = [
  ['/usr/local/lib/python3.12/site-packages/flask/app.py', 'wsgi_app', 'response = self.full_dispatch_request()'],
  ['/usr/local/lib/python3.12/site-packages/flask/app.py', 'full_dispatch_request', 'rv = self.dispatch_request()'],
  ['/usr/local/lib/python3.12/site-packages/flask/app.py', 'dispatch_request', 'return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)'],
  ['/app/orders/views.py', 'checkout', 'total = pricing.total(cart, user["region"])'],
  ['/app/orders/pricing.py', 'total', 'return sum(item.price * rates[region] for item in cart.items)'],
  ['/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py', '_execute_context', 'self.dialect.do_execute('],
];
const PY_FINAL = ["KeyError: 'region'", "ValueError: invalid literal for int() with base 10: 'abc'",
  "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at \"db\" (10.0.0.7), port 5432 failed: Connection refused",
  'ZeroDivisionError: division by zero', "TypeError: unsupported operand type(s) for *: 'NoneType' and 'float'"];
function pyTraceback(r, out) {
  out.push('Traceback (most recent call last):');
  for (let i = int(r, 2, 8); i > 0; i--) {
    const [file, fn, code] = pick(r, PY_FRAMES);
    out.push(`  File "${file}", line ${int(r, 10, 1500)}, in ${fn}`);
    out.push(`    ${code}`);
    if (r() < 0.2) out.push(`    ${' '.repeat(int(r, 0, 12))}${'~'.repeat(int(r, 0, 6))}${'^'.repeat(int(r, 3, 14))}`);
  }
  out.push(pick(r, PY_FINAL));
}
function pythonTrace(r) {
  const out = [];
  if (r() < 0.3) out.push(`ERROR:orders.views:Exception on /api/v1/checkout [POST]`);
  pyTraceback(r, out);
  if (r() < 0.15) {
    out.push('', r() < 0.5 ? 'During handling of the above exception, another exception occurred:'
      : 'The above exception was the direct cause of the following exception:', '');
    pyTraceback(r, out);
  }
  return out;
}

// ---- Go -----------------------------------------------------------------------------------------------------
const GO_FUNCS = [
  ['github.com/acme/orders/internal/store.(*Repo).Get', '/src/internal/store/repo.go'],
  ['github.com/acme/orders/internal/api.(*Handler).Checkout', '/src/internal/api/checkout.go'],
  ['net/http.HandlerFunc.ServeHTTP', '/usr/local/go/src/net/http/server.go'],
  ['net/http.(*ServeMux).ServeHTTP', '/usr/local/go/src/net/http/server.go'],
  ['net/http.serverHandler.ServeHTTP', '/usr/local/go/src/net/http/server.go'],
  ['net/http.(*conn).serve', '/usr/local/go/src/net/http/server.go'],
];
function goTrace(r) {
  const out = [];
  if (r() < 0.7) {
    out.push('panic: runtime error: invalid memory address or nil pointer dereference');
    out.push(`[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x${hex(r, 6)}]`);
  } else out.push(`panic: order ${int(r, 1000, 99999)}: inconsistent state "paid" -> "pending"`);
  out.push('', `goroutine ${int(r, 1, 400)} [running]:`);
  for (let i = int(r, 3, 10); i > 0; i--) {
    const [fn, file] = pick(r, GO_FUNCS);
    out.push(`${fn}(0x${hex(r, 10)}, {0x${hex(r, 10)}, 0x${hex(r, 2)}})`);
    out.push(`\t${file}:${int(r, 20, 3300)} +0x${hex(r, 3)}`);
  }
  out.push(`created by net/http.(*Server).Serve in goroutine ${int(r, 1, 40)}`);
  out.push(`\t/usr/local/go/src/net/http/server.go:3285 +0x4b4`);
  return out;
}

// ---- Node ---------------------------------------------------------------------------------------------------
const NODE_ERR = ['Error: connect ECONNREFUSED 10.0.0.12:5432', "TypeError: Cannot read properties of undefined (reading 'id')",
  'RangeError: Invalid time value', 'Error: Request failed with status code 503', 'SyntaxError: Unexpected token < in JSON at position 0'];
const NODE_FRAMES = ['    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)',
  '    at OrderService.checkout (/app/src/services/order.js:{n}:17)', '    at async /app/src/routes/orders.js:{n}:22',
  '    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)',
  '    at next (/app/node_modules/express/lib/router/route.js:149:13)', '    at JSON.parse (<anonymous>)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'];
function nodeTrace(r) {
  const out = [];
  const uncaught = r() < 0.25;
  if (uncaught) {
    const n = int(r, 10, 300);
    out.push(`/app/src/server.js:${n}`, '    throw err;', '    ^', '');
  }
  out.push(pick(r, NODE_ERR));
  for (let i = int(r, 5, 12); i > 0; i--) out.push(pick(r, NODE_FRAMES).replace('{n}', String(int(r, 5, 400))));
  if (uncaught) {
    if (r() < 0.5) {
      out[out.length - 1] += ' {';
      out.push("  errno: -111,", "  code: 'ECONNREFUSED',", "  syscall: 'connect',", `  address: '10.0.0.${int(r, 2, 250)}',`, '  port: 5432', '}');
    }
    out.push('', `Node.js v20.${int(r, 9, 18)}.${int(r, 0, 3)}`);
  }
  return out;
}

const TRACES = [javaTrace, pythonTrace, goTrace, nodeTrace];
/** Probability that an event is a trace: with ~15 lines per trace this gives ~30 % trace records. */
const TRACE_P = 0.03;

/**
 * The event stream: { stream, text, last, msgStart, idle } as in corpus.mjs (`last` = the piece ends its record),
 * plus `trace` on every piece of a trace record. `ts(r)` is the current time text (for logger headers).
 */
export function* events({ traces }) {
  const r = rng(0x6f0c4e);
  const other = (s) => (s === 'stdout' ? 'stderr' : 'stdout');
  const plain = () => message(r, 128);
  /** one record: maybe split into P pieces (with a line of the other stream between pieces sometimes) */
  function* record(stream, text, trace, splitP) {
    const pieces = text.length > 40 && r() < splitP ? splitMessage(r, text) : [text];
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1;
      yield { stream, text: pieces[i], last, msgStart: i === 0, idle: last, trace };
      if (!last && r() < 0.5) yield { stream: other(stream), text: plain(), last: true, msgStart: true, idle: false, trace: false };
    }
  }
  for (;;) {
    if (traces && r() < TRACE_P) {
      const gen = pick(r, TRACES);
      const stream = gen === javaTrace ? (r() < 0.5 ? 'stdout' : 'stderr') : r() < 0.8 ? 'stderr' : 'stdout';
      const lines = gen(r, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)).toISOString());
      yield { begin: true };
      for (let i = 0; i < lines.length; i++) {
        const isLast = i === lines.length - 1;
        for (const ev of record(stream, lines[i], true, 0.12)) yield { ...ev, idle: ev.idle && isLast };
        if (!isLast && r() < 0.15) yield { stream: other(stream), text: plain(), last: true, msgStart: true, idle: false, trace: false };
      }
    } else {
      const stream = r() < 0.2 ? 'stderr' : 'stdout';
      yield* record(stream, plain(), false, 0.1);
    }
  }
}

const enc = new TextEncoder();

export function makeGroupCorpus(targetBytes, { traces = true } = {}) {
  const tick = clock(rng(0xc10c));
  const parts = [];
  let size = 0;
  let lines = 0;
  let records = 0;
  let traceCount = 0;
  let traceRecords = 0;
  for (const ev of events({ traces })) {
    if (ev.begin) {
      traceCount++;
      continue;
    }
    const line = enc.encode(`${tick(ev.msgStart && !ev.trace ? 400_000 : 20_000)} ${ev.stream} ${ev.last ? 'F' : 'P'} ${ev.text}\n`);
    parts.push(line);
    size += line.length;
    lines++;
    if (ev.last) {
      records++;
      if (ev.trace) traceRecords++;
      if (size >= targetBytes && ev.idle) break;
    }
  }
  return { bytes: joinParts(parts, size), lines, records, traces: traceCount, traceRecords };
}
