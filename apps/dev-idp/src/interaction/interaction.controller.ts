import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InteractionService, type InteractionOutcome } from './interaction.service';
import { LoginForm } from './login.form';

function send(res: Response, outcome: InteractionOutcome): void {
  res.set('Cache-Control', 'no-store');
  if ('redirectTo' in outcome) res.redirect(303, outcome.redirectTo);
  else res.status(outcome.status).type('html').send(outcome.html);
}

/** The pages oidc-provider sends the browser to (`/interaction/:uid`); the uid itself is read from its cookie. */
@Controller('interaction')
export class InteractionController {
  constructor(private readonly interactions: InteractionService) {}

  @Get(':uid')
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.interactions.show(req, res));
  }

  @Post(':uid/login')
  async login(@Body() form: LoginForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    send(res, await this.interactions.login(form, req, res));
  }
}
