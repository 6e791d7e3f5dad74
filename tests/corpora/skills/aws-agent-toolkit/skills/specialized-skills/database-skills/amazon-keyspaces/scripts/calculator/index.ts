export * from './PricingFormulas';
export * from './ParsingHelpers';
export * from './Constants';
export { default as savingsPlansMap } from './PricingData';
export { default as CreatePDFReport } from './CreatePDFReport';
