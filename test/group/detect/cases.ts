// Hand-written trace cases collected from both independent test suites (test/group/detect/rules.test.ts, the
// engine's; test/oracle/group.test.ts, the oracle's), as plain line lists, for the engine-vs-oracle agreement test
// (agreement.test.ts). Data only: no expectations here (each suite keeps its own); a case is fed as written and
// also with an ordinary line before and after it.
//
// `from` says which suite a case was copied from ('engine' | 'oracle'); `lang` is the language it exercises.

export interface Case {
  name: string;
  from: 'engine' | 'oracle';
  lang: 'java' | 'js' | 'csharp' | 'python' | 'go' | 'ruby' | 'php' | 'dart' | 'none';
  lines: string[];
}

const jh = 'java.lang.IllegalStateException: boom';
const pyTb = ['Traceback (most recent call last):', '  File "/app/main.py", line 3, in <module>', '    main()',
  '  File "/app/main.py", line 2, in main', "    raise KeyError('k')"];
const pyTb2 = (err: string) => ['Traceback (most recent call last):', '  File "/app/x.py", line 3, in <module>', '    main()', err];
const g1 = ['goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d'];

export const CASES: Case[] = [
  // ---- engine suite (rules.test.ts) ----
  { name: 'java frames, Caused by, more, omitted', from: 'engine', lang: 'java', lines: [jh, '\tat a.B.c(B.java:1)', 'Caused by: java.io.IOException: x', '\tat d.E.f(E.java:2)', '\t... 12 more', 'Caused by: java.net.ConnectException', '    at g.H.i(H.java:3)', '    ... 27 common frames omitted'] },
  { name: 'java Suppressed', from: 'engine', lang: 'java', lines: [jh, '\tat a.B.c(B.java:1)', '\tSuppressed: java.lang.RuntimeException: s', '\t\tat x.Y.z(Y.java:9)', '\t\t... 3 more', '\tat a.B.d(B.java:2)'] },
  { name: 'java nested exception is', from: 'engine', lang: 'java', lines: ['org.x.SomeError: outer;', '  nested exception is:', 'com.y.InnerException: inner', '', '\tat a.B.c(B.java:1)'] },
  { name: 'java OOM header', from: 'engine', lang: 'java', lines: ['Exception in thread "main" java.lang.OutOfMemoryError', '\tat a.B.c(B.java:1)'] },
  { name: 'java Throwable alone', from: 'engine', lang: 'java', lines: ['java.lang.Throwable', '\tat a.B.c(B.java:1)'] },
  { name: 'java XYZ more', from: 'engine', lang: 'java', lines: [jh, '\tat a.B.c(B.java:1)', '\tXYZ 12 more'] },
  { name: 'java unindented at', from: 'engine', lang: 'java', lines: [jh, 'at a.B.c(B.java:1)'] },
  { name: 'java header after frames', from: 'engine', lang: 'java', lines: [jh, '\tat a', 'x.YException: again', '\tat b'] },
  { name: 'java CRLF', from: 'engine', lang: 'java', lines: [jh + '\r', '\tat a\r', 'plain\r'] },
  { name: 'js Error: msg', from: 'engine', lang: 'js', lines: ['Error: boom', '    at f (/app/a.js:1:2)', '    at /app/b.js:3:4'] },
  { name: 'js TypeError', from: 'engine', lang: 'js', lines: ["TypeError: Cannot read properties of undefined (reading 'x')", '    at g (/app/a.js:5:6)'] },
  { name: 'js Error alone', from: 'engine', lang: 'js', lines: ['Error', '    at bls (<anonymous>:3:9)'] },
  { name: 'js coded error', from: 'engine', lang: 'js', lines: ['Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client', '    at ServerResponse.setHeader (node:_http_outgoing:652:11)'] },
  { name: 'js uncaught block', from: 'engine', lang: 'js', lines: ['/app/index.js:5', "    throw new Error('boom');", '    ^', '', 'Error: boom', '    at Object.<anonymous> (/app/index.js:5:11)', '    at node:internal/main/run_main_module:28:49', '', 'Node.js v20.11.1'] },
  { name: 'js unhandled rejection object', from: 'engine', lang: 'js', lines: ['node:internal/process/promises:289', '            triggerUncaughtException(err, true /* fromPromise */);', '            ^', '', 'Error: connect ECONNREFUSED 127.0.0.1:5432', '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {', '  errno: -111,', "  code: 'ECONNREFUSED',", "  syscall: 'connect',", "  address: '127.0.0.1',", '  port: 5432', '}', '', 'Node.js v20.10.0'] },
  { name: 'js UnhandledPromiseRejection', from: 'engine', lang: 'js', lines: ['node:internal/process/promises:288', '            triggerUncaughtException(err, true /* fromPromise */);', '            ^', '', '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block. The promise rejected with the reason "oops".] {', "  code: 'ERR_UNHANDLED_REJECTION'", '}', '', 'Node.js v18.17.0'] },
  { name: 'js [Error: …] object', from: 'engine', lang: 'js', lines: ["[Error: ENOENT: no such file or directory, open 'x'] {", '  errno: -2,', "  code: 'ENOENT',", '}'] },
  { name: 'js V8', from: 'engine', lang: 'js', lines: ['V8 errors stack trace', '  eval at Foo.a (eval at Bar.z (myscript.js:10:3))', '  at new Contructor.Name (native)'] },
  { name: 'js Node footer after frames', from: 'engine', lang: 'js', lines: ['Error: x', '    at f (a.js:1:1)', '', 'Node.js v20.0.0'] },
  { name: 'csharp full', from: 'engine', lang: 'csharp', lines: ['Unhandled exception. System.InvalidOperationException: outer', ' ---> System.ArgumentException: inner', '   at App.Low() in /src/App.cs:line 10', '   --- End of inner exception stack trace ---', '   at App.Top() in /src/App.cs:line 20', '--- End of stack trace from previous location ---', '   at App.Main() in /src/App.cs:line 30'] },
  { name: 'csharp Unhandled no Exception word', from: 'engine', lang: 'csharp', lines: ['Unhandled exception. MyApp.Boom: bad', '   at MyApp.Program.Main() in /src/P.cs:line 3'] },
  { name: 'csharp markers', from: 'engine', lang: 'csharp', lines: ['System.Exception: x', '   at A.B()', '--- End of stack trace from previous location where exception was thrown ---', '   at C.D()', '--- End of inner exception stack trace ---', '   at E.F()'] },
  { name: 'python basic', from: 'engine', lang: 'python', lines: [...pyTb, "KeyError: 'k'"] },
  { name: 'python carets', from: 'engine', lang: 'python', lines: ['Traceback (most recent call last):', '  File "/app/x.py", line 4, in <module>', '    print(1 / 0)', '          ~~^~~', 'ZeroDivisionError: division by zero'] },
  { name: 'python carets 2', from: 'engine', lang: 'python', lines: ['Traceback (most recent call last):', '  File "/app/x.py", line 4, in <module>', '    foo()', '    ^^^^^', "NameError: name 'foo' is not defined"] },
  { name: 'python during', from: 'engine', lang: 'python', lines: [...pyTb, "KeyError: 'k'", '', 'During handling of the above exception, another exception occurred:', '', 'Traceback (most recent call last):', '  File "/app/main.py", line 5, in <module>', '    raise ValueError("v")', 'ValueError: v'] },
  { name: 'python cause', from: 'engine', lang: 'python', lines: [...pyTb, "KeyError: 'k'", '', 'The above exception was the direct cause of the following exception:', '', 'Traceback (most recent call last):', '  File "/app/main.py", line 7, in <module>', '    raise RuntimeError("r") from e', 'RuntimeError: r'] },
  { name: 'python frozen + bare name', from: 'engine', lang: 'python', lines: ['Traceback (most recent call last):', '  File "<frozen runpy>", line 198, in _run_module_as_main', '  File "/app/x.py", line 1, in <module>', '    loop()', 'KeyboardInterrupt'] },
  { name: 'python stdin', from: 'engine', lang: 'python', lines: ['Traceback (most recent call last):', '  File "<stdin>", line 1, in <module>', "NameError: name 'x' is not defined"] },
  { name: 'python recursion', from: 'engine', lang: 'python', lines: ['Traceback (most recent call last):', '  File "/app/r.py", line 2, in f', '    return f()', '           ^^^', '  [Previous line repeated 996 more times]', 'RecursionError: maximum recursion depth exceeded'] },
  { name: 'python two traces blank', from: 'engine', lang: 'python', lines: [...pyTb, "KeyError: 'k'", '', ...pyTb, "KeyError: 'k'"] },
  { name: 'go panic goroutines', from: 'engine', lang: 'go', lines: ['panic: boom', '', ...g1, 'created by main.start in goroutine 1', '\t/app/main.go:9 +0x2a', '', 'goroutine 2 [chan receive, 2 minutes]:', 'net/http.(*conn).serve(0xc000)', '\t/go/src/net/http/server.go:1 +0x1'] },
  { name: 'go signal', from: 'engine', lang: 'go', lines: ['panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x7fd34f]', '', ...g1] },
  { name: 'go deadlock', from: 'engine', lang: 'go', lines: ['fatal error: all goroutines are asleep - deadlock!', '', 'goroutine 1 [chan receive]:', 'main.main()', '\t/app/main.go:7 +0x3c'] },
  { name: 'go concurrent map', from: 'engine', lang: 'go', lines: ['fatal error: concurrent map writes', '', ...g1] },
  { name: 'go 1.21 header', from: 'engine', lang: 'go', lines: ['panic: boom', '', 'goroutine 1 gp=0xc000002380 m=0 mp=0x5e0b20 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d'] },
  { name: 'go runtime stack', from: 'engine', lang: 'go', lines: ['fatal error: unexpected signal during runtime execution', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]', '', 'runtime stack:', 'runtime.throw({0x4b2a3c, 0x2a})', '\t/usr/local/go/src/runtime/panic.go:1198 +0x71', '', ...g1] },
  { name: 'go recovered', from: 'engine', lang: 'go', lines: ['panic: boom [recovered]', '\tpanic: boom', '', ...g1] },
  { name: 'go http panic', from: 'engine', lang: 'go', lines: ['2019/01/15 07:48:05 http: panic serving [::1]:54143: test panic', 'goroutine 24 [running]:', 'main.f(...)', '\t/app/a.go:3', '...additional frames elided...'] },
  { name: 'go tympanic', from: 'engine', lang: 'go', lines: ['It sounds tympanic: a word', 'goroutine 1 [running]:'] },
  { name: 'ruby rails', from: 'engine', lang: 'ruby', lines: [' ActionController::RoutingError (No route matches [GET] "/x"):', '  ', "  actionpack (5.1.4) lib/action_dispatch/middleware/debug_exceptions.rb:63:in `call'", "  app/controllers/books_controller.rb:69:in 'BooksController#show'"] },
  { name: 'ruby std backtick', from: 'engine', lang: 'ruby', lines: ["examble.rb:18:in `thrower': An error has occurred. (RuntimeError)", "\tfrom examble.rb:14:in `caller'", "\tfrom examble.rb:10:in `helper'"] },
  { name: 'ruby std quote levels', from: 'engine', lang: 'ruby', lines: ["t.rb:1:in 'Integer#/': divided by 0 (ZeroDivisionError)", "\tfrom t.rb:1:in '<main>'", '\t ... 5 levels...', "\tfrom -e:1:in '<main>'"] },
  { name: 'ruby std Error: text', from: 'engine', lang: 'ruby', lines: ["x.rb:1:in `foo': Error: bad (RuntimeError)", "\tfrom x.rb:5:in `<main>'"] },
  { name: 'php uncaught', from: 'engine', lang: 'php', lines: ['PHP Fatal error:  Uncaught Exception: boom in /app/x.php:3', 'Stack trace:', '#0 /app/y.php(9): f()', '#1 {main}', '  thrown in /app/x.php on line 3'] },
  { name: 'php warning', from: 'engine', lang: 'php', lines: ['PHP Warning:  x in /a.php on line 1', 'Stack trace:', '#0 {main}'] },
  { name: 'php notice', from: 'engine', lang: 'php', lines: ['PHP Notice:  x in /a.php on line 1', 'Stack trace:', '#0 {main}'] },
  { name: 'php parse error', from: 'engine', lang: 'php', lines: ['PHP Parse error:  x in /a.php on line 1', 'Stack trace:', '#0 {main}'] },
  { name: 'php exception with message', from: 'engine', lang: 'php', lines: ["exception 'Exception' with message 'Custom exception' in /a.php:5", 'Stack trace:', '#0 {main}'] },
  { name: 'php chained blank Next', from: 'engine', lang: 'php', lines: ['PHP Fatal error:  Uncaught Exception: inner in /t.php:3', 'Stack trace:', '#0 {main}', '', 'Next RuntimeException: outer in /t.php:5', 'Stack trace:', '#0 {main}', '  thrown in /t.php on line 5'] },
  { name: 'dart bad state', from: 'engine', lang: 'dart', lines: ['Unhandled exception:', 'Bad state: oops', '#0      handleFailure (file:///a.dart:16:3)', '<asynchronous suspension>', '#1      main (file:///a.dart:24:5)'] },
  { name: 'dart nsm', from: 'engine', lang: 'dart', lines: ['Unhandled exception:', "NoSuchMethodError: The method 'foo' was called on null.", 'Receiver: null', 'Tried calling: foo()', '#0      main (file:///a.dart:3:5)'] },
  { name: 'dart format', from: 'engine', lang: 'dart', lines: ['Unhandled exception:', 'FormatException: Invalid radix-10 number (at character 1)', 'abc', '^', '', '#0      int._throwFormatException (dart:core-patch/integers_patch.dart:131:5)'] },
  { name: 'dart null check', from: 'engine', lang: 'dart', lines: ['Unhandled exception:', 'Null check operator used on a null value', '#0      main (file:///a.dart:3:5)'] },
  { name: 'python under go', from: 'engine', lang: 'python', lines: ['Traceback (most recent call last):', '  File "a.py", line 1, in <module>', '    x()', 'NameError: x'] },

  // ---- oracle suite (group.test.ts) ----
  { name: 'detector actions walk', from: 'oracle', lang: 'none', lines: ['plain', 'java.lang.IllegalStateException: x', '\tat a.B.c(B.java:1)', 'Traceback (most recent call last):', '  File "x.py", line 1, in <module>', 'PHP Fatal error:  Uncaught Exception: boom in /x.php:3', 'Stack trace:', '#0 {main}', '  thrown in /x.php on line 3', 'plain'] },
  { name: 'java header in logger line', from: 'oracle', lang: 'java', lines: ['2026-01-02 03:04:05 [main] c.e.App: java.lang.IllegalStateException: boom', '\tat c.e.App.run(App.java:10)', '\tSuppressed: java.io.IOException: close failed', '\t\tat c.e.Res.close(Res.java:5)', '\t\t... 3 more', 'Caused by: java.lang.NullPointerException', '\tat c.e.Dao.get(Dao.java:7)', '\t... 27 common frames omitted'] },
  { name: 'java nested blank', from: 'oracle', lang: 'java', lines: ['org.springframework.XException: outer;', '  nested exception is:', '', 'java.net.ConnectException: refused', '\tat a.b(C.java:1)'] },
  { name: 'java throwable 4 spaces', from: 'oracle', lang: 'java', lines: ['java.lang.Throwable: t', '    at x.y(Z.java:1)'] },
  { name: 'java two headers', from: 'oracle', lang: 'java', lines: ['a.BException: 1', '\tat x', 'a.CException: 2', 'plain'] },
  { name: 'java non-headers', from: 'oracle', lang: 'java', lines: ['ErrorHandler installed', 'no Exceptions today', '\tat x'] },
  { name: 'js Uncaught RangeError', from: 'oracle', lang: 'js', lines: ['Uncaught RangeError: bad', '    at g (h.js:1:1)'] },
  { name: 'js Error anonymous', from: 'oracle', lang: 'js', lines: ['Error', '    at <anonymous>:6:4'] },
  { name: 'js EADDRINUSE emitted', from: 'oracle', lang: 'js', lines: ['node:events:497', "      throw er; // Unhandled 'error' event", '      ^', '', 'Error: listen EADDRINUSE: address already in use :::3000', '    at Server.setupListenHandle [as _listen2] (node:net:1872:16)', "Emitted 'error' event on Server instance at:", '    at emitErrorNT (node:net:1899:8)', '    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {', "  code: 'EADDRINUSE',", '  errno: -98,', "  syscall: 'listen'", '}', '', 'Node.js v20.11.0', '    at not.part.of.it (x.js:1:1)'] },
  { name: 'js rejection 288', from: 'oracle', lang: 'js', lines: ['node:internal/process/promises:288', '            triggerUncaughtException(err, true /* fromPromise */);', '            ^', '', '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function.] {', "  code: 'ERR_UNHANDLED_REJECTION'", '}', '', 'Node.js v18.19.0'] },
  { name: 'js server.js block', from: 'oracle', lang: 'js', lines: ['/app/server.js:12', '  throw new Error("boom");', '  ^', '', 'Error: boom', '    at Object.<anonymous> (/app/server.js:12:9)', '', 'Node.js v22.1.0'] },
  { name: 'js origin then plain', from: 'oracle', lang: 'js', lines: ['/app/a.js:3', 'plain', 'more'] },
  { name: 'csharp aggregate', from: 'oracle', lang: 'csharp', lines: ['Unhandled exception. System.AggregateException: One or more errors occurred. (boom)', ' ---> System.Exception: boom', '   at Program.Main() in /src/Program.cs:line 5', '   --- End of inner exception stack trace ---', '   at Program.<Main>(String[] args)', '--- End of stack trace from previous location ---', '   at X.Y()'] },
  { name: 'csharp no namespace', from: 'oracle', lang: 'csharp', lines: ['MyApp.OrderException: bad', '   at A.B()', '--- End of stack trace from previous location where exception was thrown ---', '   at C.D()'] },
  { name: 'python during tb2', from: 'oracle', lang: 'python', lines: [...pyTb2("KeyError: 'a'"), '', 'During handling of the above exception, another exception occurred:', '', ...pyTb2('ValueError: b'), 'next'] },
  { name: 'python cause tb2', from: 'oracle', lang: 'python', lines: [...pyTb2('OSError: c'), '', 'The above exception was the direct cause of the following exception:', '', ...pyTb2('mod.AppError: d')] },
  { name: 'python frozen carets repeated', from: 'oracle', lang: 'python', lines: ['Traceback (most recent call last):', '  File "<frozen runpy>", line 198, in _run_module_as_main', '  File "/app/y.py", line 9, in f', '    return a[i] + g(b)', '           ~^^^', '           ~~~~^^^', '  [Previous line repeated 996 more times]', 'KeyboardInterrupt', 'next'] },
  { name: 'python blank after final', from: 'oracle', lang: 'python', lines: [...pyTb2('E: 1'), '', 'plain'] },
  { name: 'python two in a row', from: 'oracle', lang: 'python', lines: [...pyTb2('E: 1'), ...pyTb2('E: 2')] },
  { name: 'python logging lead', from: 'oracle', lang: 'python', lines: ['ERROR:root:request failed', ...pyTb2('E: x')] },
  { name: 'go concurrent map created by', from: 'oracle', lang: 'go', lines: ['fatal error: concurrent map writes', '', 'goroutine 18 [running]:', 'main.main.func1()', '\t/tmp/x.go:9 +0x3c', 'created by main.main in goroutine 1', '\t/tmp/x.go:7 +0x2c', 'exit status 2'] },
  { name: 'go 1.21 elided runtime stack', from: 'oracle', lang: 'go', lines: ['panic: boom', '', 'goroutine 1 gp=0xc000002380 m=0 mp=0x5d4f80 [running]:', 'main.main()', '\t/app/main.go:5 +0x2d', '...additional frames elided...', '', 'runtime stack:', 'runtime.throw({0x4a, 0x1})', '\t/usr/lib/go/src/runtime/panic.go:1023 +0x5c'] },
  { name: 'go recovered 2', from: 'oracle', lang: 'go', lines: ['panic: first [recovered]', '\tpanic: second', '', 'goroutine 1 [running]:', 'main.f()', '\t/a.go:3 +0x1'] },
  { name: 'go http panic 2', from: 'oracle', lang: 'go', lines: ['2026/01/02 http: panic serving 10.0.0.1:5: x', 'goroutine 7 [running]:', 'net/http.(*conn).serve.func1()'] },
  { name: 'go signal 2', from: 'oracle', lang: 'go', lines: ['panic: nil', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]', '', 'goroutine 1 [running]:'] },
  { name: 'go tympanic blank', from: 'oracle', lang: 'go', lines: ['tympanic: x', ''] },
  { name: 'ruby std levels', from: 'oracle', lang: 'ruby', lines: ["app.rb:3:in 'Integer#/': divided by 0 (ZeroDivisionError)", "\tfrom app.rb:3:in 'Object#calc'", '\t ... 5 levels...', "\tfrom app.rb:9:in '<main>'", 'plain'] },
  { name: 'ruby rails record not found', from: 'oracle', lang: 'ruby', lines: ["ActiveRecord::RecordNotFound (Couldn't find User with 'id'=1):", '  ', "app/models/user.rb:5:in `find'", "  activerecord (7.1.0) lib/active_record/core.rb:10:in `find'"] },
  { name: 'php uncaught Next no blank', from: 'oracle', lang: 'php', lines: ['PHP Fatal error:  Uncaught Exception: a in /x.php:3', 'Stack trace:', '#0 {main}', 'Next RuntimeException: b in /x.php:5', 'Stack trace:', '#0 {main}', '  thrown in /x.php on line 5', '#1 not.part'] },
  { name: 'php warning alone', from: 'oracle', lang: 'php', lines: ['PHP Warning:  Undefined variable $x in /a.php on line 2', 'plain'] },
  { name: 'dart format free line', from: 'oracle', lang: 'dart', lines: ['Unhandled exception:', 'FormatException: Unexpected character (at character 1)', 'oops', '^', '', '#0      main (file:///a.dart:3:3)', '<asynchronous suspension>', '#1      _run (dart:isolate-patch/isolate_patch.dart:1:1)', 'plain'] },
  { name: 'dart two free lines', from: 'oracle', lang: 'dart', lines: ['Unhandled exception:', 'Bad state: x', 'free one', 'free two'] },
  { name: 'lead spring', from: 'oracle', lang: 'java', lines: ['2026-01-02 03:04:05.123 ERROR 1 --- [main] c.e.Foo : request failed', 'java.lang.IllegalStateException: boom', '\tat c.e.Foo.bar(Foo.java:10)', 'next'] },
  { name: 'lead headers', from: 'oracle', lang: 'none', lines: ['12:00 ERROR a', '12:01 ERROR b', 'plain', 'FATAL x'] },
  { name: 'lead off', from: 'oracle', lang: 'js', lines: ['ERROR a', 'Error: b', '    at c (d.js:1:1)'] },
  { name: 'lowercase level', from: 'oracle', lang: 'js', lines: ['level=error x', 'Error: b', 'ERRORS=0', 'Error: b'] },
  { name: 'CRLF js', from: 'oracle', lang: 'js', lines: ['Error: x\r', '    at y (z.js:1:1)\r'] },
  { name: 'limits java', from: 'oracle', lang: 'java', lines: ['java.lang.XException: a', '\tat 1', '\tat 2', '\tat 3', '\tat 4', 'plain'] },
  { name: 'py then plain', from: 'oracle', lang: 'python', lines: ['Traceback (most recent call last):', '  File "a.py", line 1, in <module>', '    f()', 'E: x', 'plain'] },
  { name: 'php uncaught E', from: 'oracle', lang: 'php', lines: ['PHP Fatal error:  Uncaught E: x', 'Stack trace:', '#0 {main}', '  thrown in /a.php on line 1', 'plain'] },
  { name: 'custom-rule lines', from: 'oracle', lang: 'none', lines: ['orphan', '2026-01-02 a', 'b', 'Error: c', '    at d (e.js:1:1)', '2026-01-02 f', 'BEGIN 1', 'x', 'y END', 'my.Exception: c', 'more', '    at b'] },
];
