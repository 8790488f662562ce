import { DEFAULT_DATABASE_URL } from '@lumina/core';
import { migrate } from './migrate.js';

const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const applied = await migrate(databaseUrl, (message) => console.log(message));
console.log(applied.length === 0 ? 'migrations: up to date' : `migrations applied: ${applied.join(', ')}`);
