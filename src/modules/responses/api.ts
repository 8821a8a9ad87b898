// What other modules may use of responses: opening a response item (the government's clock).
export { createItem, type NewItem } from './service.ts';
