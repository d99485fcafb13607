/** The canonical conversation-lifecycle model: strict valibot schemas and their types. */
export * from './shared.ts'
export * from './changes.ts'
export * from './event.ts'
export * from './draft.ts'
