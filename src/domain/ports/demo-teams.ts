/** Demo mode only: Cal.com teams made on the built-in simulator for a new company. */
export interface DemoTeams {
  /** The running server's address, where the simulator is to deliver a team's webhooks. */
  serverUrl(): string;
  /** A new team from the simulator's salon template; its booking webhooks go to `webhookUrl`. */
  create(request: {
    companySlug: string;
    companyName: string;
    webhookUrl: string;
    webhookSecret: string | null;
  }): Promise<{ baseUrl: string; teamId: number; apiKey: string }>;
}
