// Hand-written cases for every detector rule (docs/multiline.md) and every gap of the references listed in
// /work/shared/facts/multiline.md, on both builds. Traces are written as text; groupText splits it on '\n'
// (so lines reach the detector without it) and returns each group's lines joined with '\n'.
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../../helpers/engine.ts';
import { ACT, LANG, actions, groupText } from './driver.ts';

const t = (...lines: string[]) => lines.join('\n');

describe.each(BUILDS)('detector rules (%s)', (build) => {
  const all = (text: string) => groupText(build, LANG.all, text);
  const only = (lang: number, text: string) => groupText(build, lang, text);
  /** The text is one trace, and the line after it stays alone. */
  const oneTrace = (lang: number, trace: string) => {
    expect(only(lang, `${trace}\nafter`)).toEqual([trace, 'after']);
    expect(all(`before\n${trace}\nafter`)).toEqual(['before', trace, 'after']);
  };

  describe('Java', () => {
    const head = 'java.lang.IllegalStateException: boom';
    it('header + at frames + Caused by + ... N more + common frames omitted', () => {
      oneTrace(LANG.java, t(head, '\tat a.B.c(B.java:1)', 'Caused by: java.io.IOException: x', '\tat d.E.f(E.java:2)',
        '\t... 12 more', 'Caused by: java.net.ConnectException', '    at g.H.i(H.java:3)', '    ... 27 common frames omitted'));
    });
    it('tab-indented Suppressed: with its frames and ... N more', () => {
      oneTrace(LANG.java, t(head, '\tat a.B.c(B.java:1)', '\tSuppressed: java.lang.RuntimeException: s', '\t\tat x.Y.z(Y.java:9)',
        '\t\t... 3 more', '\tat a.B.d(B.java:2)'));
    });
    it('nested exception is: then the next header; blank lines after a header', () => {
      oneTrace(LANG.java, t('org.x.SomeError: outer;', '  nested exception is:', 'com.y.InnerException: inner', '', '\tat a.B.c(B.java:1)'));
    });
    it('Error and Throwable headers, keyword at end of line (no ":")', () => {
      oneTrace(LANG.java, t('Exception in thread "main" java.lang.OutOfMemoryError', '\tat a.B.c(B.java:1)'));
      oneTrace(LANG.java, t('java.lang.Throwable', '\tat a.B.c(B.java:1)'));
    });
    it('`...` must be three literal dots; unindented `at` is not a frame', () => {
      expect(only(LANG.java, t(head, '\tat a.B.c(B.java:1)', '\tXYZ 12 more'))).toEqual([t(head, '\tat a.B.c(B.java:1)'), '\tXYZ 12 more']);
      expect(only(LANG.java, t(head, 'at a.B.c(B.java:1)'))).toEqual([head, 'at a.B.c(B.java:1)']);
    });
    it('a new header after frames starts a new trace (START)', () => {
      expect(actions(build, LANG.java, [head, '\tat a', 'x.YException: again', '\tat b'])).toEqual([ACT.INSIDE, ACT.INSIDE, ACT.START, ACT.INSIDE]);
    });
    it('a line that matches no rule ends the trace (NO_TRACE), a trailing CR is ignored', () => {
      expect(actions(build, LANG.java, [head + '\r', '\tat a\r', 'plain\r'])).toEqual([ACT.INSIDE, ACT.INSIDE, ACT.NO_TRACE]);
    });
  });

  describe('JavaScript / Node', () => {
    it('`Error: msg` and `TypeError: …` at line start, and `Error` alone', () => {
      oneTrace(LANG.js, t('Error: boom', '    at f (/app/a.js:1:2)', '    at /app/b.js:3:4'));
      oneTrace(LANG.js, t("TypeError: Cannot read properties of undefined (reading 'x')", '    at g (/app/a.js:5:6)'));
      oneTrace(LANG.js, t('Error', '    at bls (<anonymous>:3:9)'));
    });
    it('coded errors `Error [ERR_X]: …`', () => {
      oneTrace(LANG.js, t('Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client',
        '    at ServerResponse.setHeader (node:_http_outgoing:652:11)'));
      expect(only(LANG.java, t('Error [ERR_X]: y', '    at z'))).toEqual(['Error [ERR_X]: y', '    at z']); // JS-only rule
    });
    it('the uncaught-exception block: origin, code, caret, blank, header, frames, blank, Node.js vNN (END)', () => {
      const trace = t('/app/index.js:5', "    throw new Error('boom');", '    ^', '', 'Error: boom',
        '    at Object.<anonymous> (/app/index.js:5:11)', '    at node:internal/main/run_main_module:28:49', '', 'Node.js v20.11.1');
      oneTrace(LANG.js, trace);
      expect(actions(build, LANG.js, trace.split('\n')).at(-1)).toBe(ACT.END);
    });
    it('the unhandled-rejection block with an inspected error object', () => {
      oneTrace(LANG.js, t('node:internal/process/promises:289', '            triggerUncaughtException(err, true /* fromPromise */);',
        '            ^', '', 'Error: connect ECONNREFUSED 127.0.0.1:5432',
        '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {', '  errno: -111,', "  code: 'ECONNREFUSED',",
        "  syscall: 'connect',", "  address: '127.0.0.1',", '  port: 5432', '}', '', 'Node.js v20.10.0'));
    });
    it('a non-Error rejection reason `[UnhandledPromiseRejection: …] {` and `[Error: …] {` objects', () => {
      oneTrace(LANG.js, t('node:internal/process/promises:288', '            triggerUncaughtException(err, true /* fromPromise */);',
        '            ^', '', '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block. The promise rejected with the reason "oops".] {',
        "  code: 'ERR_UNHANDLED_REJECTION'", '}', '', 'Node.js v18.17.0'));
      oneTrace(LANG.js, t("[Error: ENOENT: no such file or directory, open 'x'] {", '  errno: -2,', "  code: 'ENOENT',", '}'));
    });
    it('V8 errors stack trace (upstream rule), with and without ":"', () => {
      oneTrace(LANG.js, t('V8 errors stack trace', '  eval at Foo.a (eval at Bar.z (myscript.js:10:3))', '  at new Contructor.Name (native)'));
    });
    it('without JS, Node-only lines are not joined', () => {
      expect(only(LANG.java, t('Error: x', '    at f (a.js:1:1)', '', 'Node.js v20.0.0'))).toEqual([t('Error: x', '    at f (a.js:1:1)'), '', 'Node.js v20.0.0']);
    });
  });

  describe('C# / .NET', () => {
    it('Unhandled exception., ---> inner, End of inner exception stack trace, End of stack trace from previous location', () => {
      oneTrace(LANG.csharp, t('Unhandled exception. System.InvalidOperationException: outer',
        ' ---> System.ArgumentException: inner', '   at App.Low() in /src/App.cs:line 10',
        '   --- End of inner exception stack trace ---', '   at App.Top() in /src/App.cs:line 20',
        '--- End of stack trace from previous location ---', '   at App.Main() in /src/App.cs:line 30'));
    });
    it('`Unhandled exception.` starts even without Exception in the type name', () => {
      oneTrace(LANG.csharp, t('Unhandled exception. MyApp.Boom: bad', '   at MyApp.Program.Main() in /src/P.cs:line 3'));
    });
    it('the original async marker wording and an unindented inner-end marker', () => {
      oneTrace(LANG.csharp, t('System.Exception: x', '   at A.B()', '--- End of stack trace from previous location where exception was thrown ---',
        '   at C.D()', '--- End of inner exception stack trace ---', '   at E.F()'));
    });
  });

  describe('Python', () => {
    const tb = t('Traceback (most recent call last):', '  File "/app/main.py", line 3, in <module>', '    main()',
      '  File "/app/main.py", line 2, in main', "    raise KeyError('k')");
    it('traceback, File + code lines, final line', () => {
      oneTrace(LANG.python, t(tb, "KeyError: 'k'"));
    });
    it('3.11+ caret / tilde lines', () => {
      oneTrace(LANG.python, t('Traceback (most recent call last):', '  File "/app/x.py", line 4, in <module>', '    print(1 / 0)',
        '          ~~^~~', 'ZeroDivisionError: division by zero'));
      oneTrace(LANG.python, t('Traceback (most recent call last):', '  File "/app/x.py", line 4, in <module>', '    foo()', '    ^^^^^',
        'NameError: name \'foo\' is not defined'));
    });
    it('chained exceptions ("During handling …" and "The above exception …") are ONE trace', () => {
      oneTrace(LANG.python, t(tb, "KeyError: 'k'", '', 'During handling of the above exception, another exception occurred:', '',
        'Traceback (most recent call last):', '  File "/app/main.py", line 5, in <module>', '    raise ValueError("v")', 'ValueError: v'));
      oneTrace(LANG.python, t(tb, "KeyError: 'k'", '', 'The above exception was the direct cause of the following exception:', '',
        'Traceback (most recent call last):', '  File "/app/main.py", line 7, in <module>', '    raise RuntimeError("r") from e',
        'RuntimeError: r'));
    });
    it('frames without source, a bare exception name, SyntaxError carets, RecursionError repeats', () => {
      oneTrace(LANG.python, t('Traceback (most recent call last):', '  File "<frozen runpy>", line 198, in _run_module_as_main',
        '  File "/app/x.py", line 1, in <module>', '    loop()', 'KeyboardInterrupt'));
      oneTrace(LANG.python, t('Traceback (most recent call last):', '  File "<stdin>", line 1, in <module>', "NameError: name 'x' is not defined"));
      oneTrace(LANG.python, t('Traceback (most recent call last):', '  File "/app/r.py", line 2, in f', '    return f()',
        '           ^^^', '  [Previous line repeated 996 more times]', 'RecursionError: maximum recursion depth exceeded'));
    });
    it('two tracebacks separated by a blank line without a chain line are two traces (the blank stays with the first)', () => {
      const a = t(tb, "KeyError: 'k'");
      expect(only(LANG.python, t(a, '', a))).toEqual([t(a, ''), a]);
    });
  });

  describe('Go', () => {
    const g1 = t('goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d');
    it('panic, blank, goroutine, frames, created by, next goroutine', () => {
      oneTrace(LANG.go, t('panic: boom', '', g1, 'created by main.start in goroutine 1', '\t/app/main.go:9 +0x2a', '',
        'goroutine 2 [chan receive, 2 minutes]:', 'net/http.(*conn).serve(0xc000)', '\t/go/src/net/http/server.go:1 +0x1'));
    });
    it('[signal …] after panic', () => {
      oneTrace(LANG.go, t('panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x7fd34f]', '', g1));
    });
    it('fatal error: deadlock and concurrent map writes', () => {
      oneTrace(LANG.go, t('fatal error: all goroutines are asleep - deadlock!', '', 'goroutine 1 [chan receive]:', 'main.main()', '\t/app/main.go:7 +0x3c'));
      oneTrace(LANG.go, t('fatal error: concurrent map writes', '', g1));
    });
    it('Go 1.21+ goroutine headers with gp= m= mp= fields, and runtime stack:', () => {
      oneTrace(LANG.go, t('panic: boom', '', 'goroutine 1 gp=0xc000002380 m=0 mp=0x5e0b20 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d'));
      oneTrace(LANG.go, t('fatal error: unexpected signal during runtime execution', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]',
        '', 'runtime stack:', 'runtime.throw({0x4b2a3c, 0x2a})', '\t/usr/local/go/src/runtime/panic.go:1198 +0x71', '', g1));
    });
    it('panic: … [recovered] with the indented re-panic stays one trace', () => {
      oneTrace(LANG.go, t('panic: boom [recovered]', '\tpanic: boom', '', g1));
    });
    it('http: panic serving, elided frames', () => {
      oneTrace(LANG.go, t('2019/01/15 07:48:05 http: panic serving [::1]:54143: test panic', 'goroutine 24 [running]:',
        'main.f(...)', '\t/app/a.go:3', '...additional frames elided...'));
    });
    it('`panic: ` needs a word boundary before it', () => {
      expect(only(LANG.go, t('It sounds tympanic: a word', 'goroutine 1 [running]:'))).toEqual(['It sounds tympanic: a word', 'goroutine 1 [running]:']);
    });
  });

  describe('Ruby', () => {
    it('Rails: `… Error (…):`, a two-space line, .rb:N:in frames (backtick or quote)', () => {
      oneTrace(LANG.ruby, t(' ActionController::RoutingError (No route matches [GET] "/x"):', '  ',
        "  actionpack (5.1.4) lib/action_dispatch/middleware/debug_exceptions.rb:63:in `call'",
        "  app/controllers/books_controller.rb:69:in 'BooksController#show'"));
    });
    it('standard backtrace: file:N:in + from lines, both quote styles, ... N levels...', () => {
      oneTrace(LANG.ruby, t("examble.rb:18:in `thrower': An error has occurred. (RuntimeError)", "\tfrom examble.rb:14:in `caller'",
        "\tfrom examble.rb:10:in `helper'"));
      oneTrace(LANG.ruby, t("t.rb:1:in 'Integer#/': divided by 0 (ZeroDivisionError)", "\tfrom t.rb:1:in '<main>'",
        '\t ... 5 levels...', "\tfrom -e:1:in '<main>'"));
    });
    it('a standard first line that says Error: is still Ruby, not a JVM header', () => {
      oneTrace(LANG.all, t("x.rb:1:in `foo': Error: bad (RuntimeError)", "\tfrom x.rb:5:in `<main>'"));
    });
  });

  describe('PHP', () => {
    it('PHP Fatal error: Uncaught …, Stack trace:, #N frames, thrown in (END)', () => {
      const tr = t('PHP Fatal error:  Uncaught Exception: boom in /app/x.php:3', 'Stack trace:', '#0 /app/y.php(9): f()', '#1 {main}',
        '  thrown in /app/x.php on line 3');
      oneTrace(LANG.php, tr);
      expect(actions(build, LANG.all, tr.split('\n'))).toEqual([ACT.INSIDE, ACT.INSIDE, ACT.INSIDE, ACT.INSIDE, ACT.END]);
    });
    it('Warning / Notice / Parse error levels and exception \'…\' with message \'', () => {
      for (const lvl of ['Warning', 'Notice', 'Parse error']) oneTrace(LANG.php, t(`PHP ${lvl}:  x in /a.php on line 1`, 'Stack trace:', '#0 {main}'));
      oneTrace(LANG.php, t("exception 'Exception' with message 'Custom exception' in /a.php:5", 'Stack trace:', '#0 {main}'));
    });
    it('chained exceptions: blank line, Next …, Stack trace:', () => {
      oneTrace(LANG.php, t('PHP Fatal error:  Uncaught Exception: inner in /t.php:3', 'Stack trace:', '#0 {main}', '',
        'Next RuntimeException: outer in /t.php:5', 'Stack trace:', '#0 {main}', '  thrown in /t.php on line 5'));
    });
  });

  describe('Dart', () => {
    it('Unhandled exception:, error kind, #N frames, <asynchronous suspension>', () => {
      oneTrace(LANG.dart, t('Unhandled exception:', 'Bad state: oops', '#0      handleFailure (file:///a.dart:16:3)', '<asynchronous suspension>',
        '#1      main (file:///a.dart:24:5)'));
    });
    it('NoSuchMethodError sequence, FormatException with caret, and any other error line (added)', () => {
      oneTrace(LANG.dart, t('Unhandled exception:', "NoSuchMethodError: The method 'foo' was called on null.", 'Receiver: null',
        'Tried calling: foo()', '#0      main (file:///a.dart:3:5)'));
      oneTrace(LANG.dart, t('Unhandled exception:', 'FormatException: Invalid radix-10 number (at character 1)', 'abc', '^', '',
        '#0      int._throwFormatException (dart:core-patch/integers_patch.dart:131:5)'));
      oneTrace(LANG.dart, t('Unhandled exception:', "Null check operator used on a null value", '#0      main (file:///a.dart:3:5)'));
    });
  });

  describe('reconciled with the oracle (docs/multiline.md departures 10, 13-15)', () => {
    it('the JVM header is tried last: a Go panic or Rails header that says Error: is not a JVM trace', () => {
      oneTrace(LANG.all, t('panic: Error: boom', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1d'));
      oneTrace(LANG.all, t('Foo::BarError (Error: x):', '  ', "  app/a.rb:1:in `b'"));
    });
    it('Rails headers of any constant path', () => {
      oneTrace(LANG.ruby, t("ActiveRecord::RecordNotFound (Couldn't find User with 'id'=1):", '  ', "  app/models/user.rb:5:in `find'"));
      expect(only(LANG.ruby, t('summary (3 items):', '  ', "  a.rb:1:in `b'"))).toEqual(['summary (3 items):', '  ', "  a.rb:1:in `b'"]);
    });
    it('PHP `Fatal error: Uncaught` without the PHP prefix (stdout form)', () => {
      oneTrace(LANG.all, t('Fatal error: Uncaught Exception: boom in /app/x.php:3', 'Stack trace:', '#0 {main}', '  thrown in /app/x.php on line 3'));
    });
    it("Node's `Emitted 'error' event … at:` between the frames (JS only)", () => {
      const tr = t('Error: listen EADDRINUSE: address already in use :::3000', '    at Server.setupListenHandle [as _listen2] (node:net:1872:16)',
        "Emitted 'error' event on Server instance at:", '    at emitErrorNT (node:net:1899:8)');
      oneTrace(LANG.js, tr);
      expect(only(LANG.java, tr)).toHaveLength(3);
    });
  });

  describe('languages mask', () => {
    it('a disabled language neither starts nor continues a trace', () => {
      const tr = t('Traceback (most recent call last):', '  File "a.py", line 1, in <module>', '    x()', 'NameError: x');
      expect(only(LANG.go, tr)).toHaveLength(4);
      expect(only(LANG.python, tr)).toHaveLength(1);
      // a state of a language that is no longer enabled falls back to the start rules
      expect(actions(build, LANG.python, [tr.split('\n')[0]])).toEqual([ACT.INSIDE]);
    });
  });
});
