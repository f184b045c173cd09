// Second result of the copy-while-scanning helpers: the output position reached.
export let scanOut: usize = 0;

// @ts-ignore: decorator
@inline export function setScanOut(o: usize): void {
  scanOut = o;
}
