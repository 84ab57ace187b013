import { z } from 'zod';
import { procedureFor, router } from '../trpc/init';
import { addMemberSchema, createTeamSchema, removeMemberSchema, teamIdSchema, updateTeamSchema } from './teams.schema';
import * as service from './teams.service';
import { idText } from '../lib/text';

const read = procedureFor('app.read');
const manage = procedureFor('catalog.manage');

export const teamsRouter = router({
  list: read.query(({ ctx }) => service.listTeams(ctx.request)),
  get: read.input(z.object({ slug: idText() })).query(({ ctx, input }) => service.getTeam(ctx.request, input.slug)),
  memberCandidates: manage.query(({ ctx }) => service.listMemberCandidates(ctx.request)),
  create: manage.input(createTeamSchema).mutation(({ ctx, input }) => service.createTeam(ctx.request, input)),
  update: manage.input(updateTeamSchema).mutation(({ ctx, input }) => service.updateTeam(ctx.request, input)),
  delete: manage.input(teamIdSchema).mutation(({ ctx, input }) => service.deleteTeam(ctx.request, input)),
  addMember: manage.input(addMemberSchema).mutation(({ ctx, input }) => service.addMember(ctx.request, input)),
  removeMember: manage.input(removeMemberSchema).mutation(({ ctx, input }) => service.removeMember(ctx.request, input)),
});
