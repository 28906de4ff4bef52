export * from './sequence';
