// Several gateways at once: profiles from applerouter.profiles, the default one from applerouter.baseUrl.
export * from './gatewayProfiles';
export * from './keyBinding';
