/** The instrumentation scope of the SDK's spans. */
export const SDK_NAME = '@lumina/sdk';
/** Kept equal to package.json's version (a test checks). */
export const SDK_VERSION = '0.1.0';
