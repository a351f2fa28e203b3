// Set at bundle time from package.json (build/bundle.mjs); 'dev' when run from source.
export const VERSION: string = process.env.ORO_TOP_VERSION ?? 'dev';
