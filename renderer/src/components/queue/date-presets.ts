/** The quick ranges live in common/ (main filters an export with them too). */
export * from '../../../../common/queue-view/date-presets'
