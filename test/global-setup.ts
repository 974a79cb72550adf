// Placeholder: the foundation work replaces this with a per-run database and Redis prefix.
export default async function setup() {}
