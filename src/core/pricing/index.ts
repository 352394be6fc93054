// What a gateway publishes about its prices, and the estimated cost of an answer.
export * from './gatewayPricing';
