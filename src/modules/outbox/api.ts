// What other modules may use of the outbox: writing a domain event inside their own transaction.
export { type DomainEvent, emit } from './outbox.ts';
export { drain, type Executor, type OutboxEvent, sqliteImmediate, type Subscription } from './subscription.ts';
export { startConsumer, subscriptionService } from './consumer.ts';
export { onEvent, type OnEventOptions } from './onEvent.ts';
export { dayAndEventStamp, lastEventMark } from './mark.ts';
