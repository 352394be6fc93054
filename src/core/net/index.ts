// The network feature of the core: which addresses a fetch on the user's behalf may reach, its hops and redirects.
export * from './address';
export * from './fetchPolicy';
export * from './fetchBytes';
export * from './hop';
