/** Demo mode only: Cal.com teams made on the built-in simulator for a new company. */
export interface DemoTeams {
  /** The running server's address, where the simulator delivers the webhooks installed on it. */
  serverUrl(): string;
  /**
   * A new team from the simulator's salon template. It has no webhook yet: one is installed on
   * each of its event types once a service is linked to it, as on a real Cal.com.
   */
  create(request: {
    companySlug: string;
    companyName: string;
  }): Promise<{ baseUrl: string; teamId: number; apiKey: string }>;
}
