// Language bits of the detector's `languages` mask (see index.ts). JavaScript and C# share the JVM-family rules
// with Java (as upstream); the JS-only and C#-only rules are gated on their own bit.

export const LANG_JAVA: u32 = 1;
export const LANG_JS: u32 = 2;
export const LANG_CSHARP: u32 = 4;
export const LANG_PYTHON: u32 = 8;
export const LANG_GO: u32 = 16;
export const LANG_RUBY: u32 = 32;
export const LANG_PHP: u32 = 64;
export const LANG_DART: u32 = 128;
export const LANG_ALL: u32 = 255;

/** The languages that enable the shared JVM-family rules. */
export const LANG_JVM: u32 = LANG_JAVA | LANG_JS | LANG_CSHARP;
