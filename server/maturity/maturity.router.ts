import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import * as attestations from './attestation.service';
import { attestInputSchema, revokeAttestationSchema } from './maturity.schema';
import * as service from './maturity.service';

// Thin: anyone who reads Runwell sees the assessment; running one on demand
// (which stores a snapshot) is for those who may assess (executives, admins);
// attesting is for team leads and admins (attestation.service narrows to the team's leads).
const read = procedureFor('app.read');
const assess = procedureFor('maturity.assess');
const attest = procedureFor('maturity.attest');

export const maturityRouter = router({
  get: read.input(z.object({ days: z.number().int().min(7).max(365).default(90) }).default({ days: 90 })).query(({ ctx, input }) => service.getMaturity(ctx.request, input)),
  service: read.input(z.object({ serviceId: z.string().trim().min(1).max(100) })).query(({ ctx, input }) => service.serviceMaturity(ctx.request, input.serviceId)),
  assess: assess.mutation(({ ctx }) => service.reassess(ctx.request)),
  attest: attest.input(attestInputSchema).mutation(({ ctx, input }) => attestations.attest(ctx.request, input)),
  revokeAttestation: attest.input(revokeAttestationSchema).mutation(({ ctx, input }) => attestations.revokeAttestation(ctx.request, input)),
});
