/** The shared model: names, record sets, canonical values. */
export * from './name.js';
export * from './presentation.js';
export * from './problems.js';
export * from './rdata.js';
export * from './record-set.js';
export * from './read-rrset.js';
export * from './time.js';
